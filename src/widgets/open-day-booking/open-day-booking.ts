import { define } from '../../core/define.js';
import { DjOpenDayBooking } from './open-day-booking.component.js';

export { DjOpenDayBooking };
export { Booking, BookingRequest, OpenDay, OpenDays, Session } from '../../contract/booking.schema.js';
define('dj-open-day-booking', DjOpenDayBooking);
