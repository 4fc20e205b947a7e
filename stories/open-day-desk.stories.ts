/**
 * `<dj-open-day-desk>`, the organisers' desk, in the states a designer needs: signing in (and
 * each refusal), the open days (and none), a day's form with errors, a session's bookings and
 * the cancel step, and the door with an answer of every kind. The staff API is the in-memory
 * one of mocks/staff.ts, added per story (never on the demo page); stories that show a later
 * state walk there in their play function as staff would.
 */
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import type { RequestHandler } from 'msw';
import { DEMO_STAFF_TOKEN, DESK_CODES, resetStaff, staffHandlers, TODAY_DAY } from '../mocks/staff.js';
import type { DjOpenDayDesk } from '../src/widgets/open-day-desk/open-day-desk.js';
import '../src/widgets/open-day-desk/open-day-desk.js';
import { until } from './open-day-booking.play.js';
import { about, sharedArgs, sharedArgTypes, type SharedArgs } from './shared.js';

interface DeskArgs extends SharedArgs {
  /** Signed in already: the story puts the demo token in the tab's storage first. */
  signedIn: boolean;
  headingLevel: number;
}

const ENDPOINT = '/dj-api/v1';

const desk = (args: DeskArgs) => {
  const endpoint = args.endpoint || ENDPOINT;
  const key = `dj-open-day-desk.token:${endpoint}`;
  if (args.signedIn) sessionStorage.setItem(key, DEMO_STAFF_TOKEN);
  else sessionStorage.removeItem(key);
  return html`<dj-open-day-desk
    endpoint=${endpoint}
    heading-level=${args.headingLevel}
    timeout=${ifDefined(args.timeout)}
    ?large=${args.large}
    theme=${ifDefined(args.theme || undefined)}
    lang=${ifDefined(args.lang || undefined)}
  ></dj-open-day-desk>`;
};

type Play = (el: DjOpenDayDesk) => Promise<void>;

const root = (el: DjOpenDayDesk) => el.shadowRoot!;

/** The element inside the desk matching `css` whose text holds `has`, once it is there. */
const find = <T extends HTMLElement = HTMLElement>(el: DjOpenDayDesk, css: string, has = '') =>
  until(() => [...root(el).querySelectorAll<T>(css)].find((e) => e.textContent?.includes(has)), `showed ${css} ${has}`);

const press = async (el: DjOpenDayDesk, css: string, has = '') => {
  (await find<HTMLButtonElement>(el, css, has)).click();
  await el.updateComplete;
};

/** Submits the sign-in form with `token`. */
const signIn =
  (token: string): Play =>
  async (el) => {
    const field = await find<HTMLInputElement>(el, '#f-token');
    field.value = token;
    (field.form as HTMLFormElement).requestSubmit();
    await find(el, '#failure');
  };

/** At the door, a code as a scanner sends it (the field, then Enter), waiting for its answer. */
async function scan(el: DjOpenDayDesk, code: string): Promise<void> {
  const field = await find<HTMLInputElement>(el, '#f-code');
  const before = root(el).querySelectorAll('.answer').length;
  field.value = code;
  (field.form as HTMLFormElement).requestSubmit();
  await until(() => root(el).querySelectorAll('.answer').length > before, `answered ${code}`);
}

/** Every kind of answer, the newest (a check-in that went through) on top. */
const everyAnswer: Play = async (el) => {
  await press(el, '.nav-button', el.lang === 'en' ? 'Check-in' : '签到');
  // One checked in by mistake and undone.
  await scan(el, DESK_CODES.undone);
  await press(el, '.answer button');
  await until(() => root(el).querySelector('.answer[data-kind="undone"]'), 'undid the check-in');
  for (const code of [DESK_CODES.error, DESK_CODES.unknown, DESK_CODES.later, DESK_CODES.cancelled, DESK_CODES.arrived, DESK_CODES.arrives])
    await scan(el, code);
  await find(el, '[part="count"]');
};

const walk = (play: Play, description: string, args: Partial<DeskArgs> = {}): Story => ({
  args,
  play: async ({ canvasElement }) => play(await until(() => canvasElement.querySelector('dj-open-day-desk'), 'rendered the desk')),
  parameters: about(description),
});

const meta = {
  title: 'Widgets/Open-day desk (staff)',
  component: 'dj-open-day-desk',
  tags: ['autodocs'],
  render: (args) => desk(args),
  beforeEach(context) {
    resetStaff();
    (context as unknown as { msw: { use(...handlers: RequestHandler[]): void } }).msw.use(...staffHandlers);
  },
  args: { ...sharedArgs, endpoint: ENDPOINT, signedIn: true, headingLevel: 2 },
  argTypes: {
    signedIn: { control: 'boolean', description: 'The story keeps the demo token (`demo-staff-token`) in the tab first.' },
    headingLevel: { control: { type: 'number', min: 1, max: 6, step: 1 } },
    endpoint: {
      control: 'text',
      description:
        'Base URL of the data endpoint. `/dj-api/staff/rate-limited` refuses every token (429), `/dj-api/staff/off` has the staff API off, `/dj-api/staff/empty` has no open days, `/dj-api/staff/offline` cannot be reached.',
    },
    ...sharedArgTypes,
  },
} satisfies Meta<DeskArgs>;

export default meta;
type Story = StoryObj<DeskArgs>;

export const SignIn: Story = {
  args: { signedIn: false },
  parameters: about(
    'Signed out: the token field (a password field, kept for the tab only) and 登录. The demo token is `demo-staff-token`.',
  ),
};

export const WrongToken = walk(signIn('not-the-token'), 'A wrong token: 401, said plainly, the field marked.', { signedIn: false });

export const TooManyTries = walk(
  signIn('not-the-token'),
  'Too many wrong tokens from this address: 429, with the wait from Retry-After (60 seconds).',
  { signedIn: false, endpoint: '/dj-api/staff/rate-limited' },
);

export const StaffApiOff = walk(
  signIn(DEMO_STAFF_TOKEN),
  'The server was started without a staff token: the staff API is off (404 …/staff-api-off), and the desk says whom to ask.',
  { signedIn: false, endpoint: '/dj-api/staff/off' },
);

export const ServerUnreachable = walk(
  signIn(DEMO_STAFF_TOKEN),
  'The server cannot be reached (the network, or the server is down): said plainly, with what to check.',
  { signedIn: false, endpoint: '/dj-api/staff/offline' },
);

export const OpenDays: Story = {
  parameters: about(
    'Signed in: every open day by date, today’s marked, each session with its booked people against its places and who has arrived. A table on wide screens, cards on narrow ones.',
  ),
};

export const OpenDaysEnglishLarge: Story = {
  args: { lang: 'en', large: true },
  decorators: [(story) => html`<div style="max-width: 24rem">${story()}</div>`],
  parameters: about('In English and large text in a phone’s column: each session a card, every cell under its own label.'),
};

export const NoOpenDays: Story = {
  args: { endpoint: '/dj-api/staff/empty' },
  parameters: about('No open days yet: the empty state, and 新建开放日.'),
};

export const NewOpenDayErrors = walk(async (el) => {
  await press(el, 'button', '新建开放日');
  (await find<HTMLInputElement>(el, '#f-id')).form!.requestSubmit();
  await find(el, '#summary');
}, 'A new open day sent empty: the server’s 422, each error in the summary (a link to its field) and above its field, in the desk’s words.');

export const Bookings = walk(async (el) => {
  await press(el, `article[aria-labelledby="day-${TODAY_DAY}"] .link-button`);
  await find(el, 'tbody tr', DESK_CODES.arrives);
}, 'A session’s bookings in full (names, phones, companions, needs, times, the reason of a staff cancel), with the search and 导出 CSV.');

export const CancelStep = walk(async (el) => {
  await press(el, `article[aria-labelledby="day-${TODAY_DAY}"] .link-button`);
  await press(el, `#cancel-${DESK_CODES.arrives}`);
  await press(el, '[part="confirm"] button[type="submit"]');
  await find(el, '#f-reason-error');
}, 'Cancelling on a visitor’s behalf: the confirm step, whose reason is required (here sent empty).');

export const CheckInAnswers = walk(
  everyAnswer,
  'The door after one code of each kind, newest first: 已签到 (with the party and names, and 撤销), 已于 09:12 签到过, 已取消, 不是今天, 查无此码, a server error and a check-in undone (已撤销签到), each with its mark and words as well as its colour; today’s count above.',
);

export const CheckInAnswersEnglishLarge: Story = {
  ...walk(everyAnswer, 'The same answers in English and large text, at a phone’s width.', { lang: 'en', large: true }),
  decorators: [(story) => html`<div style="max-width: 24rem">${story()}</div>`],
};
