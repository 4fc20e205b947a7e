/**
 * The booking form's flow (booking.flow.ts) with no element: a fake host
 * records what the flow asks of the page (requests, renders, reloads, the
 * page's events) and answers each request by hand, with the contract's own
 * problem bodies. What a citizen sees of the same is in
 * open-day-booking.test.ts.
 */
import { expect } from '@open-wc/testing';
import { DjError } from '../src/core/errors.js';
import type { Problem } from '../src/core/schema.js';
import { bookingProblems, problemBody, type Answer } from '../src/contract/booking.js';
import type { Booking, OpenDay } from '../src/contract/booking.schema.js';
import { ID, makeOpenDays, OPEN_DAY } from '../src/demo/open-days.js';
import { BookingFlow, type BookingFlowHost } from '../src/widgets/open-day-booking/booking.flow.js';

const DAYS = makeOpenDays();
const dayOf = (id: string) => DAYS.find((d) => d.id === id)!;
const gov = dayOf(OPEN_DAY.government);
const approval = dayOf(OPEN_DAY.approval);

const BOOKING: Booking = {
  code: 'K7M2QX9P',
  status: 'confirmed',
  openDayId: gov.id,
  sessionId: 's1',
  partySize: 1,
  name: '张*明',
  phone: '138****8000',
  createdAt: '2026-12-01T09:00:00+08:00',
};

/** An error answer of the contract as the client throws it. */
const refusal = ({ status, body }: Answer) =>
  new DjError(status === 404 ? 'not-found' : 'http', 'http://api.test/dj-api/v1', `HTTP ${status}`, { status, problem: body as Problem });
const offline = () => new DjError('network', 'http://api.test/dj-api/v1', 'network failure');

interface Sent {
  path: string;
  body: unknown;
  headers?: Record<string, string>;
  answers?: readonly number[];
}

/** A flow over `days`, with a host that records everything and answers requests when told. */
function setup(days: OpenDay[] = [gov]) {
  const sent: Sent[] = [];
  const waiting: { resolve: (b: Booking) => void; reject: (e: unknown) => void }[] = [];
  const seen = { updates: 0, reloads: 0, failed: [] as DjError[], confirmed: [] as Booking[], cancelled: [] as Booking[] };
  const host: BookingFlowHost = {
    days: () => days,
    post: (path, body, options) => {
      sent.push({ path, body, ...options });
      return new Promise((resolve, reject) => waiting.push({ resolve, reject }));
    },
    update: () => seen.updates++,
    reload: () => seen.reloads++,
    failed: (error) => seen.failed.push(error),
    confirmed: (booking) => seen.confirmed.push(booking),
    cancelled: (booking) => seen.cancelled.push(booking),
  };
  const flow = new BookingFlow(host);
  /** Answers the oldest pending request with a booking or an error, and lets the flow take it in. */
  const answer = async (result: Booking | DjError) => {
    const request = waiting.shift();
    if (!request) throw new Error('no request is pending');
    if (result instanceof DjError) request.reject(result);
    else request.resolve(result);
    // The flow's continuation runs in microtasks, all of which run before the next task.
    await new Promise((resolve) => setTimeout(resolve));
  };
  const key = (i: number) => sent[i].headers?.['Idempotency-Key'];
  return { flow, sent, seen, answer, key };
}

const codes = (flow: BookingFlow) => flow.errors.map((e) => `${e.field}:${e.code}`);

/** A citizen's complete answers for session s1 of the government open day, then Continue to check your answers. */
function toCheck(flow: BookingFlow): void {
  flow.set({ sessionId: 's1' });
  flow.next();
  flow.set({ name: ' 张晓明 ', phone: '138 0013 8000', idNumber: ID.adult.toLowerCase(), partySize: '1' });
  flow.next();
  flow.set({ privacy: true, idConsent: true });
  flow.next();
  expect(flow.step, `stuck with ${codes(flow)}`).to.equal('check');
}

describe('booking flow: steps', () => {
  it('Continue with no session chosen stays on step 1, with the error summary to focus', () => {
    const { flow } = setup();
    flow.next();
    expect(flow.step).to.equal('choose');
    expect(codes(flow)).to.deep.equal(['sessionId:required']);
    expect(flow.focus).to.equal('summary');
  });

  it('Continue and Back move along the steps, clear the errors, focus the heading and keep the answers', () => {
    const { flow, seen } = setup();
    flow.next();
    flow.set({ sessionId: 's1' });
    flow.next();
    expect([flow.step, flow.errors, flow.focus]).to.deep.equal(['details', [], 'heading']);
    const renders = seen.updates;
    flow.set({ name: '张晓明' });
    expect(seen.updates, 'an answer asks the page to render').to.be.above(renders);
    flow.back();
    expect(flow.step).to.equal('choose');
    expect(flow.draft).to.include({ sessionId: 's1', name: '张晓明' });
  });

  it('from a list, a day must be chosen, and one that is full or closed is refused', () => {
    const { flow } = setup(DAYS);
    flow.next();
    expect(codes(flow)).to.deep.equal(['openDay:required']);
    flow.set({ dayId: OPEN_DAY.full });
    flow.next();
    expect(codes(flow)).to.deep.equal(['openDay:full']);
    flow.set({ dayId: OPEN_DAY.closed });
    flow.next();
    expect(codes(flow)).to.deep.equal(['openDay:closed']);
    flow.set({ dayId: OPEN_DAY.approval, sessionId: 'a1' });
    flow.next();
    expect(flow.step).to.equal('details');
  });

  it('a full session is refused on step 1', () => {
    const { flow } = setup();
    flow.set({ sessionId: 's2' });
    flow.next();
    expect([flow.step, ...codes(flow)]).to.deep.equal(['choose', 'sessionId:full']);
  });

  it('each step checks its own fields only', () => {
    const { flow } = setup();
    flow.set({ sessionId: 's1' });
    flow.next();
    flow.next();
    expect(flow.step).to.equal('details');
    expect(codes(flow)).to.deep.equal(['name:required', 'phone:required', 'idNumber:required']);
    flow.set({ name: '张晓明', phone: '13800138000', idNumber: ID.adult });
    flow.next();
    expect(flow.step).to.equal('consent');
    flow.next();
    expect(codes(flow)).to.deep.equal(['consent.privacy:required', 'consent.idNumber:required']);
  });

  it('a party larger than the seats left says how many are left', () => {
    const twoLeft = { ...gov, sessions: [{ ...gov.sessions[0], remaining: 2 }] };
    const { flow } = setup([twoLeft]);
    flow.set({ sessionId: 's1' });
    flow.next();
    flow.set({ name: '张晓明', phone: '13800138000', idNumber: ID.adult, partySize: '3' });
    flow.setCompanion(0, { name: '李华', idNumber: ID.adult2 });
    flow.setCompanion(1, { name: '王芳', idNumber: ID.adultX });
    flow.next();
    expect(flow.errors).to.deep.equal([{ field: 'partySize', code: 'seats', vars: { n: 2 } }]);
  });

  it('fewer people hides the last companions without forgetting them', () => {
    const { flow } = setup();
    flow.set({ partySize: '3' });
    flow.setCompanion(0, { name: '李华' });
    flow.setCompanion(1, { name: '王芳' });
    flow.set({ partySize: '2' });
    expect(flow.companions(gov).map((c) => c.name)).to.deep.equal(['李华']);
    expect(flow.body(gov).companions).to.have.length(1);
    flow.set({ partySize: '3' });
    expect(flow.companions(gov).map((c) => c.name)).to.deep.equal(['李华', '王芳']);
  });

  it('the body is trimmed and normalised, with ID numbers only where the day asks for them', () => {
    const { flow } = setup();
    flow.set({
      sessionId: 's1',
      name: ' 张晓明 ',
      phone: '+86 138-0013-8000',
      idNumber: ID.adultX.toLowerCase(),
      needs: '  ',
      privacy: true,
      idConsent: true,
    });
    expect(flow.body(gov)).to.deep.equal({
      sessionId: 's1',
      name: '张晓明',
      phone: '13800138000',
      idNumber: ID.adultX,
      partySize: 1,
      companions: [],
      consent: { privacy: true, idNumber: true },
    });
    expect(flow.body(approval)).not.to.have.property('idNumber');
    expect(flow.body(approval).consent).to.deep.equal({ privacy: true });
  });

  it('a change link opens the field’s step, focuses the field, and Continue leads back to check', () => {
    const { flow } = setup();
    toCheck(flow);
    flow.change('phone');
    expect([flow.step, flow.focus, flow.returnToCheck]).to.deep.equal(['details', 'f-phone', true]);
    flow.next();
    expect(flow.step).to.equal('check');
    flow.change('consent.privacy');
    expect([flow.step, flow.focus]).to.deep.equal(['consent', 'f-consent-privacy']);
    flow.back();
    expect(flow.step, 'Back also returns to check').to.equal('check');
  });

  it('starts where the view says, and another open day sends a booking (not a lookup) back to step 1', () => {
    const { flow } = setup();
    flow.start('lookup');
    expect(flow.step).to.equal('lookup');
    flow.dayChanged();
    expect(flow.step).to.equal('lookup');
    flow.start('book');
    flow.set({ sessionId: 's1' });
    flow.next();
    flow.next();
    expect(flow.errors).not.to.be.empty;
    flow.dayChanged();
    expect([flow.step, flow.errors]).to.deep.equal(['choose', []]);
  });
});

describe('booking flow: submit and the Idempotency-Key', () => {
  it('sends the body once with a key while a request is pending, then shows the confirmation', async () => {
    const { flow, sent, seen, answer, key } = setup();
    toCheck(flow);
    flow.submit();
    flow.submit();
    expect(sent).to.have.length(1);
    expect(sent[0].path).to.equal(`/open-days/${OPEN_DAY.government}/bookings`);
    expect(sent[0].body).to.deep.include({ name: '张晓明', phone: '13800138000', idNumber: ID.adult });
    expect(key(0)).to.match(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(sent[0].answers).to.have.members([409, 410, 422]);
    expect(flow.sending).to.equal(true);
    await answer(BOOKING);
    expect([flow.step, flow.sending, flow.focus]).to.deep.equal(['done', false, 'heading']);
    expect(flow.booking).to.equal(BOOKING);
    expect(seen.confirmed).to.deep.equal([BOOKING]);
    expect(seen.failed).to.be.empty;
  });

  it('a failed request offers Retry with the same key; a changed answer gets a new key', async () => {
    const { flow, sent, seen, answer, key } = setup();
    toCheck(flow);
    flow.submit();
    const error = offline();
    await answer(error);
    expect([flow.step, flow.failure, flow.focus]).to.deep.equal(['check', error, 'failure']);
    expect(seen.failed).to.deep.equal([error]);
    flow.submit();
    expect(flow.failure, 'Retry clears the failure while it runs').to.equal(undefined);
    expect(key(1)).to.equal(key(0));
    await answer(offline());
    flow.change('needs');
    flow.set({ needs: '轮椅通道' });
    flow.next();
    flow.submit();
    expect(sent).to.have.length(3);
    expect(key(2)).not.to.equal(key(0));
  });

  it('a second booking after a confirmed one has a new key, and starting again fetches fresh seats', async () => {
    const { flow, seen, answer, key } = setup();
    toCheck(flow);
    flow.submit();
    await answer(BOOKING);
    flow.restart();
    expect([flow.step, seen.reloads]).to.deep.equal(['choose', 1]);
    toCheck(flow);
    flow.submit();
    expect(key(1)).not.to.equal(key(0));
  });

  it('a session that filled up meanwhile: step 1 with fresh seats and the answers kept, then back to check', async () => {
    const { flow, seen, answer } = setup();
    toCheck(flow);
    flow.submit();
    await answer(refusal(bookingProblems.full({ ...gov.sessions[0], remaining: 0 }, 1)));
    expect([flow.step, ...codes(flow)]).to.deep.equal(['choose', 'sessionId:taken']);
    expect(seen.reloads).to.equal(1);
    expect(seen.failed, 'an answer the form explains is no dj-error').to.be.empty;
    expect(flow.draft.name).to.equal(' 张晓明 ');
    flow.set({ sessionId: 's3' });
    flow.next();
    expect(flow.step).to.equal('check');
  });

  it('booking closed meanwhile: step 1, said as closed', async () => {
    const { flow, seen, answer } = setup();
    toCheck(flow);
    flow.submit();
    await answer(refusal(bookingProblems.closed(gov)));
    expect([flow.step, ...codes(flow)]).to.deep.equal(['choose', 'sessionId:closed']);
    expect(seen.reloads).to.equal(1);
  });

  it('a 422 lands on the field’s step, in the server’s words', async () => {
    const { flow, seen, answer } = setup();
    toCheck(flow);
    flow.submit();
    await answer(refusal(bookingProblems.invalid([{ field: 'name', code: 'blocked', message: '姓名含有不允许的内容' }])));
    expect(flow.step).to.equal('details');
    expect(flow.errors).to.deep.equal([{ field: 'name', code: 'blocked', message: '姓名含有不允许的内容', text: '姓名含有不允许的内容' }]);
    expect(flow.focus).to.equal('summary');
    expect(seen.failed).to.be.empty;
  });

  it('a duplicate booking offers the lookup instead of Retry, with no dj-error', async () => {
    const { flow, seen, answer } = setup();
    toCheck(flow);
    flow.submit();
    await answer(refusal(bookingProblems.duplicate()));
    expect([flow.step, flow.duplicate, flow.failure, flow.focus]).to.deep.equal(['check', true, undefined, 'failure']);
    expect(seen.failed).to.be.empty;
  });

  it('a request the rules refuse is not sent: the errors go to the first step that has one', () => {
    const { flow, sent } = setup();
    toCheck(flow);
    flow.set({ privacy: false });
    flow.submit();
    expect(sent).to.be.empty;
    expect([flow.step, ...codes(flow)]).to.deep.equal(['consent', 'consent.privacy:required']);
  });
});

describe('booking flow: lookup and cancel', () => {
  const lookup = () => {
    const s = setup();
    s.flow.start('lookup');
    return s;
  };

  it('checks the code and the mobile before asking the server', () => {
    const { flow, sent } = lookup();
    flow.find();
    expect(codes(flow)).to.deep.equal(['code:required', 'phone:required']);
    flow.setQuery({ code: 'K7M2QX9P', phone: '1380013' });
    flow.find();
    expect(codes(flow)).to.deep.equal(['phone:format']);
    expect(sent).to.be.empty;
  });

  it('sends the code without spaces in capitals, and the mobile only in the body', async () => {
    const { flow, sent, answer } = lookup();
    flow.setQuery({ code: ' k7m2 qx9p ', phone: '138 0013 8000' });
    flow.find();
    expect(sent[0]).to.deep.equal({ path: '/bookings/K7M2QX9P/lookup', body: { phone: '13800138000' }, answers: [404, 429] });
    await answer(BOOKING);
    expect([flow.step, flow.booking]).to.deep.equal(['found', BOOKING]);
  });

  it('a 404 is one error on the code and mobile together, and no dj-error', async () => {
    const { flow, seen, answer } = lookup();
    flow.setQuery({ code: 'K7M2QX9P', phone: '13800138000' });
    flow.find();
    await answer(refusal(bookingProblems.noBooking()));
    expect([flow.step, flow.failure, flow.focus]).to.deep.equal(['lookup', undefined, 'summary']);
    expect(flow.errors).to.deep.equal([{ field: 'lookup', code: 'notFound' }]);
    expect(seen.failed).to.be.empty;
  });

  it('a locked code says for how many minutes, from the answer’s retryAfter', async () => {
    const { flow, seen, answer } = lookup();
    flow.setQuery({ code: 'K7M2QX9P', phone: '13800138000' });
    flow.find();
    await answer(refusal(bookingProblems.codeLocked(3600)));
    expect(flow.errors).to.deep.equal([{ field: 'lookup', code: 'locked', vars: { minutes: 60 } }]);
    flow.find();
    await answer(refusal(bookingProblems.codeLocked(61)));
    expect(flow.errors).to.deep.equal([{ field: 'lookup', code: 'locked', vars: { minutes: 2 } }]);
    expect(seen.failed).to.be.empty;
  });

  it('a 429 that is no locked code (too many requests) is a failure with Retry and a dj-error', async () => {
    const { flow, seen, answer } = lookup();
    flow.setQuery({ code: 'K7M2QX9P', phone: '13800138000' });
    flow.find();
    const tooMany = refusal({ status: 429, body: problemBody(429, 'rate-limited', '请求过于频繁', '请稍后再试。') });
    await answer(tooMany);
    expect([flow.step, flow.errors, flow.failure, flow.focus]).to.deep.equal(['lookup', [], tooMany, 'failure']);
    expect(seen.failed).to.deep.equal([tooMany]);
  });

  it('cancel sends the code and the mobile, then shows the cancelled booking', async () => {
    const { flow, sent, seen, answer } = lookup();
    flow.setQuery({ code: 'K7M2QX9P', phone: '138 0013 8000' });
    flow.find();
    await answer(BOOKING);
    flow.go('cancel');
    flow.cancel();
    expect(sent[1]).to.deep.include({ path: '/bookings/K7M2QX9P/cancel', body: { phone: '13800138000' } });
    const cancelled = { ...BOOKING, status: 'cancelled' as const };
    await answer(cancelled);
    expect([flow.step, flow.booking]).to.deep.equal(['found', cancelled]);
    expect(seen.cancelled).to.deep.equal([cancelled]);
  });
});
