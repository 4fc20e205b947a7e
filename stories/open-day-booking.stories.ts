/**
 * `<dj-open-day-booking>` at every step and in every state a citizen can
 * meet: each step, each kind of error, a full session, closed and past open
 * days, every refused or lost booking, the confirmation, lookup and cancel,
 * in English and in large mode. Stories that show a later step walk there in
 * their play function as a citizen would (open-day-booking.play.ts), against
 * the same mock endpoint as the demo page and the tests, so every booking in
 * them is a real one that takes seats.
 */
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { faultEndpoint, postFaultEndpoint } from '../mocks/handlers.js';
import type { DjOpenDayBooking } from '../src/widgets/open-day-booking/open-day-booking.js';
import '../src/index.js';
import {
  CITIZEN,
  fill,
  ID,
  lookUp,
  lookUpBooked,
  OPEN_DAY,
  pick,
  submit,
  toCheck,
  toConsent,
  toDetails,
  toDone,
  until,
} from './open-day-booking.play.js';
import { about, sharedArgs, sharedArgTypes, type SharedArgs } from './shared.js';

interface BookingArgs extends SharedArgs {
  openDayId: string;
  view: 'book' | 'lookup';
  retentionDays: number;
  headingLevel: number;
}

type Play = (el: DjOpenDayBooking) => Promise<void>;

const form = (args: BookingArgs) => html`<dj-open-day-booking
  open-day-id=${args.openDayId}
  view=${args.view}
  retention-days=${args.retentionDays}
  heading-level=${args.headingLevel}
  endpoint=${ifDefined(args.endpoint || undefined)}
  timeout=${ifDefined(args.timeout)}
  ?large=${args.large}
  theme=${ifDefined(args.theme || undefined)}
  lang=${ifDefined(args.lang || undefined)}
></dj-open-day-booking>`;

/** A story that walks the form to a step; `settled` is what shows once it is there. */
const walk = (play: Play, settled: string, description: string, args: Partial<BookingArgs> = {}): Story => ({
  args,
  play: async ({ canvasElement }) => play(await until(() => canvasElement.querySelector('dj-open-day-booking'), 'rendered the form')),
  parameters: { ...about(description), djSettled: settled },
});

/** Attribute spellings the manifest documents; the args under their property names set them. */
const documentedOnly = {
  'open-day-id': { control: false },
  'retention-days': { control: false },
  'heading-level': { control: false },
} as const;

const meta = {
  title: 'Widgets/Open-day booking',
  component: 'dj-open-day-booking',
  tags: ['autodocs'],
  render: (args) => form(args),
  // A phone-width column: most citizens book on a phone.
  decorators: [(story) => html`<div style="max-width: 30rem">${story()}</div>`],
  args: { ...sharedArgs, openDayId: OPEN_DAY.government, view: 'book', retentionDays: 30, headingLevel: 2 },
  argTypes: {
    openDayId: { control: 'text', description: 'Id of the open day (`open-day-id`); empty to choose among the next 30 days’ open days.' },
    view: { control: 'inline-radio', options: ['book', 'lookup'] },
    retentionDays: { control: { type: 'number', min: 1, step: 1 } },
    headingLevel: { control: { type: 'number', min: 1, max: 6, step: 1 } },
    endpoint: {
      control: 'text',
      description:
        'Base URL of the data endpoint. `/dj-api/fault/<kind>` makes every request fail; `/dj-api/post-fault/<kind>` only the booking, lookup and cancel requests.',
    },
    ...sharedArgTypes,
    ...documentedOnly,
  },
} satisfies Meta<BookingArgs>;

export default meta;
type Story = StoryObj<BookingArgs>;

const companion = [{ name: '李红', idNumber: ID.adult2 }];

export const ChooseSession: Story = {
  parameters: about(
    'Step 1 for one open day: its details, minimum age and notes, and its sessions with the seats left; the full one is shown but cannot be chosen.',
  ),
};

export const ChooseOpenDay: Story = {
  args: { openDayId: '' },
  parameters: about(
    'No open-day-id: the open days of the next 30 days, each with its weekday. A closed or fully booked day is marked (已截止, 已约满) and cannot be chosen, so the reader knows before choosing and Continue always leads on.',
  ),
};

export const ChooseOpenDayEnglish: Story = {
  args: { openDayId: '', lang: 'en' },
  parameters: about('The list in English: Sunday 6 December; closed and fully booked days marked Closed and Fully booked.'),
};

export const ChooseOpenDayLarge = walk(
  // The first day that can be booked carries the field's id: the government office's, as the fixtures are dated.
  (el) => pick(el, 'openDay'),
  '#f-sessionId',
  'Large mode at a phone’s width: the list and the chosen day’s sessions, radios 60px, the phone number whole on one line.',
  { openDayId: '', large: true },
);

export const ChooseErrors = walk(
  submit,
  '#summary',
  'Continue without a session: the error summary takes focus and links to the session choice.',
);

export const AllSessionsFull: Story = {
  args: { openDayId: OPEN_DAY.full },
  parameters: about('Every session is fully booked: shown, explained, none can be chosen.'),
};

export const BookingClosed: Story = {
  args: { openDayId: OPEN_DAY.closed },
  parameters: about('The open day is still ahead but its booking has closed: the closing time, and no sessions to choose.'),
};

export const PastOpenDay: Story = {
  args: { openDayId: OPEN_DAY.past },
  parameters: about('An open day that has taken place: says when, offers nothing to book.'),
};

export const Details = walk(
  async (el) => {
    await toDetails(el);
    await fill(el, 'partySize', '2');
  },
  '#f-companions-0-name',
  'Step 2: name, mobile and ID number, the party size, a name and ID number for each companion, and access needs.',
);

export const DetailsErrors = walk(
  async (el) => {
    await toDetails(el);
    await fill(el, 'name', '张');
    await fill(el, 'phone', '1380013');
    await fill(el, 'idNumber', '370812199002301234');
    await fill(el, 'partySize', '3');
    await fill(el, 'companions[0].name', '李红');
    await fill(el, 'companions[0].idNumber', `${ID.adult2.slice(0, 17)}5`);
    await submit(el);
  },
  '#summary',
  'Every kind of mistake at once: short name, short mobile, impossible birth date, a wrong check character and a missing companion. Everything typed stays.',
);

export const UnderAge = walk(
  async (el) => {
    await toDetails(el);
    await fill(el, 'name', CITIZEN.name);
    await fill(el, 'phone', CITIZEN.phone);
    await fill(el, 'idNumber', ID.child);
    await submit(el);
  },
  '#summary',
  'The ID number says the visitor will be under the minimum age on the open day.',
);

export const Consent = walk(
  (el) => toConsent(el, companion),
  '#f-consent-privacy',
  'Step 3: the privacy notice with its own box, and a separate, unticked box for ID numbers.',
);

export const ConsentErrors = walk(
  async (el) => {
    await toConsent(el);
    await submit(el);
  },
  '#summary',
  'Continue without agreeing: one error for each box.',
);

export const CheckAnswers = walk(
  (el) => toCheck(el, companion),
  '[part="answers"]',
  'Step 4: every answer with a change link that returns to the field and back.',
);

export const Confirmation = walk(
  toDone,
  '#code',
  'Booked: the code, large and copyable; the visit with its weekday, what to bring and the phone; 添加到手机日历 (an .ics file) and print.',
);

const refused = (fault: Parameters<typeof postFaultEndpoint>[0], settled: string, description: string) =>
  walk(
    async (el) => {
      await toCheck(el);
      await submit(el);
    },
    settled,
    description,
    { endpoint: postFaultEndpoint(fault) },
  );

export const SubmitFailed = refused(
  'offline',
  '#failure',
  'The booking request was lost: says so, keeps every answer, and “Send again” repeats it with the same Idempotency-Key.',
);

export const SessionFull = refused(
  'session-full',
  '#summary',
  'The session filled up while the citizen was typing (409): back to step 1 with fresh seats, saying what happened; Continue returns to the check page.',
);

export const AlreadyBooked = refused(
  'duplicate-booking',
  '#failure',
  'This mobile or ID number has booked this open day already (409): says so and offers the lookup.',
);

export const ClosedWhileBooking = refused(
  'closed',
  '#summary',
  'Booking closed while the citizen was typing (410): back to step 1, saying so.',
);

export const ServerValidation = refused(
  'invalid',
  '#summary',
  'The server refused two fields (422): its errors land on those fields and in the summary, in the form’s own words where it has them.',
);

export const Lookup: Story = {
  args: { view: 'lookup' },
  parameters: about('Find or cancel a booking by its code and the mobile number it was made with.'),
};

export const LookupNotFound = walk(
  (el) => lookUp(el, 'ZZZZ2222'),
  '#summary',
  'No booking with that code and mobile: one error above both fields, naming both, since a lookup cannot tell which is wrong. A mistake, not a failure: no dj-error.',
  { view: 'lookup' },
);

export const LookupWrongPhone = walk(
  async (el) => void (await lookUpBooked(el, '139 0013 9000')),
  '#f-lookup-error',
  'A real booking code with another mobile number: the same error over both fields, not on the code, which is right.',
);

/** Books, then finds the booking as its citizen would later. */
const findBooking: Play = async (el) => {
  await lookUpBooked(el);
  await until(() => el.shadowRoot!.querySelector('.facts dd'), 'showed the booking');
};

const pressLast = async (el: DjOpenDayBooking) => {
  [...el.shadowRoot!.querySelectorAll<HTMLButtonElement>('.actions button')].at(-1)!.click();
  await el.updateComplete;
};

export const Found = walk(findBooking, '.facts', 'A booking found: its code, status, masked name and mobile, and the visit.');

export const CancelConfirm = walk(
  async (el) => {
    await findBooking(el);
    await pressLast(el);
  },
  '.warning',
  'Cancelling asks first: the places go to other people and cannot be got back.',
);

export const Cancelled = walk(
  async (el) => {
    await findBooking(el);
    await pressLast(el);
    await submit(el);
    await until(() => !el.shadowRoot!.querySelector('.actions button.solid'), 'cancelled');
  },
  '.facts',
  'Cancelled: the status says so and the seats are free again.',
);

export const English: Story = {
  ...walk(
    (el) => toCheck(el, companion),
    '[part="answers"]',
    'lang="en": the check page in English; open-day data stays Chinese, marked lang="zh-CN".',
    { lang: 'en' },
  ),
};

export const EnglishErrors = walk(
  async (el) => {
    await toDetails(el);
    await submit(el);
  },
  '#summary',
  'lang="en": the error summary is titled “There is a problem”, with the same words as each field.',
  { lang: 'en' },
);

export const Large = walk(
  async (el) => {
    await toDetails(el);
    await submit(el);
  },
  '#summary',
  'Large-text (适老化) mode: text at least 18px, every target at least 60px high.',
  { large: true },
);

export const Loading: Story = {
  args: { endpoint: faultEndpoint('timeout'), timeout: 3_600_000 },
  parameters: about('Loading: a skeleton shaped like step 1.'),
};

export const Empty: Story = {
  args: { openDayId: '', endpoint: faultEndpoint('empty') },
  parameters: about('No open days in the next 30 days.'),
};

export const Error: Story = {
  args: { endpoint: faultEndpoint('500') },
  parameters: about('The open day could not be loaded (HTTP 500): the reason and Retry.'),
};

export const NotFound: Story = {
  args: { openDayId: 'no-such-day' },
  parameters: about('An open-day-id the endpoint does not know: tells the page author to check it.'),
};
