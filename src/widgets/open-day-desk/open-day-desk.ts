import { define } from '../../core/define.js';
import { DjOpenDayDesk } from './open-day-desk.component.js';

export { DjOpenDayDesk };
export { StaffBooking, StaffDay } from '../../contract/staff.schema.js';
define('dj-open-day-desk', DjOpenDayDesk);

declare global {
  interface HTMLElementTagNameMap {
    'dj-open-day-desk': DjOpenDayDesk;
  }
}
