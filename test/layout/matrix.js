/**
 * The layout matrix page: one widget in every main state, in one language and
 * one text mode (matrix.html?widget=booking&lang=en&mode=large). It drives
 * each copy to its state the way a reader would (clicks, typing, submitting)
 * and offers, on window.__matrix, the checks the matrix test runs at each
 * width, so they are the same code in every engine:
 *
 *   await __matrix.ready            every cell in its state (or a reason it is not)
 *   await __matrix.measure(width)   loading cells afresh, layout settled, then
 *                                   check({ width }): layout faults, one entry per offending element
 *   await __matrix.axe()            axe violations, per cell
 */
const params = new URLSearchParams(location.search);
const WIDGET = params.get('widget') || 'brand-card';
const LANG = params.get('lang') === 'en' ? 'en' : 'zh-CN';
const LARGE = params.get('mode') === 'large';
const API = '/dj-api/v1';
const LOADING = '/dj-api/fault/timeout';
const FAILING = '/dj-api/fault/500';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const frame = () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));

/** Every element in the shadow tree of root (and nested shadow trees). */
function deepAll(root, out = []) {
  for (const el of root.querySelectorAll('*')) {
    out.push(el);
    if (el.shadowRoot) deepAll(el.shadowRoot, out);
  }
  return out;
}
const q = (host, sel) => deepAll(host.shadowRoot).find((el) => el.matches(sel)) || null;
const qa = (host, sel) => deepAll(host.shadowRoot).filter((el) => el.matches(sel));

async function until(what, test, ms = 15000) {
  const end = Date.now() + ms;
  for (;;) {
    const v = test();
    if (v) return v;
    if (Date.now() > end) throw new Error(`gave up waiting for ${what}`);
    await sleep(40);
  }
}

/** The widget has data (not its skeleton) on screen. */
const loaded = (host) =>
  host.shadowRoot && !q(host, '.skeleton, [aria-busy="true"]') && host.shadowRoot.childElementCount + deepAll(host.shadowRoot).length > 1;

const click = (el) => {
  if (typeof el.click === 'function' && !(el instanceof SVGElement)) el.click();
  else el.dispatchEvent(new MouseEvent('click', { bubbles: true, composed: true, cancelable: true }));
};
const fill = (el, value) => {
  el.value = value;
  el.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
  el.dispatchEvent(new Event('change', { bubbles: true, composed: true }));
};

/** A valid GB 11643 number born 1985-03-12, the n-th (as test/support/booking.mjs). */
function validId(n) {
  const head = `37081219850312${String(n % 1000).padStart(3, '0')}`;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(head[i]) * (2 ** (17 - i) % 11);
  return head + '10X98765432'[sum % 11];
}
const who = Math.floor(Math.random() * 900) + 50;

// ── The booking form, step by step ──────────────────────────────────────────
const submit = (host) => click(q(host, 'form button[type="submit"]'));
async function toDetails(host) {
  await until('the sessions', () => loaded(host) && q(host, 'input[type="radio"]:not(:disabled)'));
  const day = qa(host, 'input[type="radio"][name="openDay"]:not(:disabled)')[0];
  if (day) {
    click(day);
    await host.updateComplete;
  }
  const session = await until('an open session', () => qa(host, 'input[type="radio"][name="sessionId"]:not(:disabled)')[0]);
  click(session);
  await host.updateComplete;
  submit(host);
  await until('the details step', () => q(host, '#f-name'));
}
async function toConsent(host) {
  await toDetails(host);
  fill(q(host, '#f-name'), '张三明');
  fill(q(host, '#f-phone'), `139${String(who).padStart(8, '0')}`);
  const id = q(host, '#f-idNumber');
  if (id) fill(id, validId(who * 3));
  fill(q(host, '#f-partySize'), '2');
  await host.updateComplete;
  const cname = await until('the companion fields', () => q(host, '#f-companions-0-name'));
  fill(cname, '李四光');
  const cid = q(host, '#f-companions-0-idNumber');
  if (cid) fill(cid, validId(who * 3 + 1));
  await host.updateComplete;
  submit(host);
  await until('the consent step', () => q(host, 'input[type="checkbox"]'));
}
async function toCheck(host) {
  await toConsent(host);
  for (const box of qa(host, 'input[type="checkbox"]')) if (!box.checked) click(box);
  await host.updateComplete;
  submit(host);
  await until('the check-answers step', () => q(host, '.answers'));
}
async function toDone(host) {
  await toCheck(host);
  submit(host);
  await until('the confirmation', () => q(host, '#code'));
}
async function toSendFailed(host) {
  await toCheck(host);
  submit(host);
  await until('the error box with its one Retry', () => q(host, '#failure button'));
}
async function toErrorSummary(host) {
  await toDetails(host);
  submit(host);
  await until('the error summary', () => q(host, '#summary'));
}

/** Ten wrong mobiles for one code (the desk counts them; each page starts it afresh): the code is locked. */
async function toLocked(host) {
  await until('the lookup form', () => loaded(host) && q(host, '#f-code'));
  // A submit while the last is on its way is ignored by the form: more tries than ten, spaced.
  for (let i = 0; i < 40 && !q(host, '#locked-phones'); i++) {
    fill(q(host, '#f-code'), 'ZZZZ7777');
    fill(q(host, '#f-phone'), `139001390${String(i).padStart(2, '0')}`);
    await host.updateComplete;
    submit(host);
    await sleep(150);
  }
  await until('the locked message with a number to call', () => q(host, '#locked-phones'));
}

// ── The map ─────────────────────────────────────────────────────────────────
async function mapLoaded(host) {
  await until('the map', () => loaded(host) && q(host, '.map-svg'));
}
async function zoomIn(host) {
  await mapLoaded(host);
  const plus = q(host, '.controls button');
  click(plus);
  await host.updateComplete;
  click(plus);
  await host.updateComplete;
}
async function openCard(host) {
  await mapLoaded(host);
  // As a reader does: a cluster zooms in when clicked, and the smallest splits
  // into pins first. (Pressing + at the centre reached no pin in large mode,
  // where the bigger targets keep markers together longer.)
  for (let i = 0; i < 12 && !q(host, 'g.pin') && !q(host, '.card'); i++) {
    const clusters = qa(host, 'g.cluster');
    if (!clusters.length) break;
    click(clusters.reduce((a, b) => (Number(a.textContent.trim()) <= Number(b.textContent.trim()) ? a : b)));
    await host.updateComplete;
    await sleep(40);
  }
  if (!q(host, '.card')) click(await until('a pin', () => q(host, 'g.pin')));
  await until('the detail card', () => q(host, '.card'));
  // Branches of one building open as a list first: choose one for its card.
  if (q(host, '.card .list')) {
    click(q(host, '.card .list button'));
    await until('a branch card', () => q(host, '.card') && !q(host, '.card .list'));
  }
}
async function tableView(host) {
  await mapLoaded(host);
  click(q(host, '.view-switch'));
  await until('the table', () => q(host, 'table'));
}

// ── The leaderboard ─────────────────────────────────────────────────────────
async function expandGroup(host) {
  await until('the board', () => loaded(host) && q(host, 'button.name'));
  click(q(host, 'button.name'));
  await until('the group details', () => q(host, '.members'));
}

// ── The staff desk ──────────────────────────────────────────────────────────
/** The desk's fixtures (mocks/staff.ts): today's open day and a code of each kind the door answers. */
const TODAY_DAY = 'od-yz-today';
const CODES = {
  arrives: 'TD7K2M9Q',
  arrived: 'TD3P8W4X',
  cancelled: 'TD6R2N5B',
  later: 'LT4H9C2V',
  unknown: 'NX2Z7Y8Q',
  error: 'ERROR500',
  undone: 'TD9F3K7M',
};
/** The signed-out cells' endpoint: another base, so the token the signed-in cells keep (per endpoint) is not theirs. */
const SIGNED_OUT = '/dj-api/desk-signed-out';
const DESK_TOKEN = 'demo-staff-token';
const deskIn = (host) => until('the open days', () => loaded(host) && q(host, 'article.day'));
const nav = async (host, i) => {
  click(await until('the menu', () => qa(host, '.nav-button')[i]));
  await host.updateComplete;
};
async function signInForm(host) {
  await until('the sign-in form', () => q(host, '#f-token'));
}
async function wrongToken(host) {
  await signInForm(host);
  fill(q(host, '#f-token'), 'not-the-token');
  submit(host);
  await until('the refusal', () => q(host, '#failure'));
}
async function dayErrors(host) {
  await deskIn(host);
  click(q(host, '.bar .button.solid'));
  await until('the new day form', () => q(host, '#f-id'));
  submit(host);
  await until('the error summary', () => q(host, '#summary'));
}
async function deskBookings(host) {
  await deskIn(host);
  click(q(host, `article[aria-labelledby="day-${TODAY_DAY}"] .link-button`));
  await until("the session's bookings", () => qa(host, 'tbody tr').some((tr) => tr.textContent.includes(CODES.arrives)));
}
async function cancelStep(host) {
  await deskBookings(host);
  click(q(host, `#cancel-${CODES.arrives}`));
  await host.updateComplete;
  click(await until('the confirm step', () => q(host, '[part="confirm"] button[type="submit"]')));
  await until('the missing reason', () => q(host, '#f-reason-error'));
}
/** At the door, a code as a scanner sends it (the field, then Enter), waiting for its answer. */
async function scan(host, code) {
  const before = qa(host, '.answer').length;
  fill(await until('the code field', () => q(host, '#f-code')), code);
  q(host, '#f-code').form.requestSubmit();
  await until(`the answer to ${code}`, () => qa(host, '.answer').length > before);
}
/** One answer of every kind, the newest (a check-in) on top; one check-in undone. */
async function door(host) {
  await deskIn(host);
  await nav(host, 1);
  await scan(host, CODES.undone);
  click(q(host, '.answer button'));
  await until('the check-in undone', () => q(host, '.answer[data-kind="undone"]'));
  for (const code of [CODES.error, CODES.unknown, CODES.later, CODES.cancelled, CODES.arrived, CODES.arrives]) await scan(host, code);
  await until("today's count", () => q(host, '[part="count"]'));
}
/** A branches list with a fault in several rows, as staff might fill it in Excel. */
const BAD_BRANCHES = [
  '编号,支部名称,单位编号,单位名称,联系片,星级,荣誉,临时党支部,项目,经度,纬度,地址,党员人数,书记',
  'yz-sj-1,区审计局机关第一党支部,yz-sj,区审计局,第一联系片,6,,否,,116.82,35.56,兖州区建设路 1 号,12,王强',
  'yz-sj-2,,yz-sj,区审计局,第一联系片,5,,否,,东经116度,35.56,,9,',
  'yz-cz-1,区财政局机关党支部,yz-cz,区财政局,第一联系片,五星,,也许,,116.82,135.5,,-3,',
].join('\r\n');
async function listsErrors(host) {
  await deskIn(host);
  await nav(host, 2);
  const lists = await until('the import panel', () => q(host, 'dj-desk-lists')?.shadowRoot && q(host, 'dj-desk-lists'));
  await until('the lists', () => q(lists, 'input[name="list"][value="branches"]') && q(lists, '.status')?.textContent.trim());
  click(q(lists, 'input[name="list"][value="branches"]'));
  await lists.updateComplete;
  const input = q(lists, 'input[type="file"]');
  const files = new DataTransfer();
  files.items.add(new File([BAD_BRANCHES], 'branches.csv', { type: 'text/csv' }));
  input.files = files.files;
  input.dispatchEvent(new Event('change', { bubbles: true, composed: true }));
  await lists.updateComplete;
  submit(lists);
  await until("the dry run's errors", () => q(lists, 'table.errors tbody tr'));
}

const ok = async (host) => {
  await until('data', () => loaded(host));
};
const failed = async (host) => {
  await until('the error state', () => q(host, '.state.error, [role="alert"]'));
};
const busy = async (host) => {
  await until('the skeleton', () => q(host, '.skeleton, [aria-busy="true"]'));
};

/** Each widget's cells: state name, attributes, and how to bring it there. */
const CELLS = {
  'brand-card': [
    ['content', { 'brand-id': 'chengshen-weigong' }, ok],
    ['compact', { 'brand-id': 'yanzheng-xianfeng', layout: 'compact' }, ok],
    ['horizontal', { 'brand-id': 'ying-zai-jining', layout: 'horizontal' }, ok],
    ['loading', { 'brand-id': 'chengshen-weigong', endpoint: LOADING }, busy],
    ['error', { 'brand-id': 'chengshen-weigong', endpoint: FAILING }, failed],
  ],
  'liaison-leaderboard': [
    ['content', {}, ok],
    ['group-expanded', {}, expandGroup],
    ['loading', { endpoint: LOADING }, busy],
    ['error', { endpoint: FAILING }, failed],
  ],
  'branch-map': [
    ['content', {}, mapLoaded],
    ['zoomed-in', {}, zoomIn],
    ['detail-card', {}, openCard],
    ['table-view', {}, tableView],
    ['loading', { endpoint: LOADING }, busy],
    ['error', { endpoint: FAILING }, failed],
  ],
  'open-day-booking': [
    ['choose', { 'open-day-id': 'od-yz-gov' }, ok],
    ['choose-list', {}, ok],
    ['details', { 'open-day-id': 'od-yz-gov' }, toDetails],
    ['error-summary', { 'open-day-id': 'od-yz-gov' }, toErrorSummary],
    ['consent', { 'open-day-id': 'od-yz-gov' }, toConsent],
    ['check-answers', { 'open-day-id': 'od-yz-gov' }, toCheck],
    ['confirmation', { 'open-day-id': 'od-yz-gov' }, toDone],
    ['send-failed', { 'open-day-id': 'od-yz-gov', endpoint: '/dj-api/post-fault/offline' }, toSendFailed],
    ['lookup', { view: 'lookup' }, ok],
    ['lookup-locked', { view: 'lookup', 'open-day-id': 'od-yz-gov' }, toLocked],
    ['loading', { 'open-day-id': 'od-yz-gov', endpoint: LOADING }, busy],
    ['error', { 'open-day-id': 'od-yz-gov', endpoint: FAILING }, failed],
  ],
  // The staff desk, from its own bundle: signed in (the demo token kept for the tab) unless said.
  'open-day-desk': [
    ['sign-in', { endpoint: SIGNED_OUT }, signInForm],
    ['wrong-token', { endpoint: SIGNED_OUT }, wrongToken],
    ['open-days', { endpoint: API }, deskIn],
    ['day-errors', { endpoint: API }, dayErrors],
    ['bookings', { endpoint: API }, deskBookings],
    ['cancel-step', { endpoint: API }, cancelStep],
    ['door', { endpoint: API }, door],
    ['lists-errors', { endpoint: API }, listsErrors],
    ['loading', { endpoint: LOADING }, busy],
    ['error', { endpoint: FAILING }, failed],
  ],
};

/** Each widget's module: the kit's bundle, or the desk's own (which is not in it). */
const BUNDLES = { 'open-day-desk': '/dist/dj-desk.js' };
if (WIDGET === 'open-day-desk') {
  // The desk keeps its token per endpoint for the tab: the signed-in cells' endpoints have it, the others not.
  for (const [, attrs] of CELLS[WIDGET]) {
    const key = `dj-open-day-desk.token:${attrs.endpoint}`;
    if (attrs.endpoint === SIGNED_OUT) sessionStorage.removeItem(key);
    else sessionStorage.setItem(key, DESK_TOKEN);
  }
}

const tag = `dj-${WIDGET}`;
document.documentElement.lang = LANG;
const cells = document.getElementById('cells');
const provider = document.createElement('dj-provider');
provider.setAttribute('endpoint', API);
if (LARGE) provider.setAttribute('large', '');
cells.append(provider);
const hosts = [];
for (const [state, attrs] of CELLS[WIDGET] || []) {
  const section = document.createElement('section');
  section.className = 'cell';
  section.dataset.state = state;
  const h = document.createElement('h2');
  h.textContent = `${WIDGET} · ${state} · ${LANG} · ${LARGE ? 'large' : 'normal'}`;
  const host = document.createElement(tag);
  host.dataset.state = state;
  // The desk's bundle has no <dj-provider> (a staff page may not load the kit): large mode on the desk itself.
  if (LARGE && BUNDLES[WIDGET]) host.setAttribute('large', '');
  for (const [k, v] of Object.entries(attrs)) host.setAttribute(k, v);
  section.append(h, host);
  provider.append(section);
  hosts.push(host);
}

/** Why each cell could not be brought to its state (empty when all were). */
const notReady = [];
const ready = (async () => {
  if (!CELLS[WIDGET]) throw new Error(`unknown widget ${WIDGET}`);
  await import(BUNDLES[WIDGET] ?? '/dist/dj-widgets.js');
  await customElements.whenDefined(tag);
  // One at a time: several forms posting at once would race for the same seats.
  for (const [i, [state, , bring]] of CELLS[WIDGET].entries()) {
    try {
      await bring(hosts[i]);
    } catch (e) {
      notReady.push(`${state}: ${e.message}`);
    }
  }
  await frame();
  return notReady;
})();

// ── Checks ───────────────────────────────────────────────────────────────────

/** A short, findable name for an element: tag, id, classes, and its text. */
function describe(el) {
  const cls = typeof el.className === 'string' ? el.className : el.className?.baseVal || '';
  const text = (el.textContent || el.getAttribute?.('aria-label') || '').replace(/\s+/g, ' ').trim().slice(0, 30);
  return `<${el.localName}${el.id ? `#${el.id}` : ''}${cls.trim() ? `.${cls.trim().split(/\s+/).join('.')}` : ''}>${text ? ` "${text}"` : ''}`;
}
const parentOf = (el) => el.parentElement || (el.parentNode && el.parentNode.host) || null;

/** Hidden on purpose: not rendered, or the visually-hidden (clip) pattern, or inside such. Memoised per check. */
let hiddenMemo = new Map();
function hidden(el) {
  if (!el || el.nodeType !== 1) return false;
  if (hiddenMemo.has(el)) return hiddenMemo.get(el);
  const s = getComputedStyle(el);
  let v =
    s.display === 'none' ||
    s.visibility === 'hidden' ||
    s.visibility === 'collapse' ||
    (s.clip && s.clip !== 'auto') ||
    (s.clipPath && s.clipPath !== 'none');
  if (!v && s.position === 'absolute') {
    const r = el.getBoundingClientRect();
    v = r.width <= 1 && r.height <= 1;
  }
  if (!v) v = hidden(parentOf(el));
  hiddenMemo.set(el, v);
  return v;
}

/** Whether anything between el and the host clips or scrolls what overflows it. Memoised per check. */
let clipMemo = new Map();
function clipped(el, host) {
  const p = parentOf(el);
  if (!p || p === host) return false;
  if (clipMemo.has(p)) return clipMemo.get(p);
  let v = false;
  if (!(p instanceof SVGElement) || p.localName === 'svg') {
    const s = getComputedStyle(p);
    v = s.overflowX !== 'visible' || s.overflowY !== 'visible';
  }
  if (!v) v = clipped(p, host);
  clipMemo.set(p, v);
  return v;
}

/**
 * A file input's button and file name are the browser's own drawing: Firefox clips the input and
 * keeps room for a longer name than the one shown (scrollWidth 20 to 40 px over the box with a
 * short name showing in full), and shortens a long name itself. Its box is still checked.
 */
const isFileInput = (el) => el.localName === 'input' && el.type === 'file';

const TARGETS = 'button, a[href], input:not([type="hidden"]), select, textarea, summary, [role="button"], [tabindex="0"]';

/** A link inside running text (WCAG 2.5.8's inline exception): an inline link with words around it. */
function inlineInText(el) {
  if (el.localName !== 'a') return false;
  if (getComputedStyle(el).display !== 'inline') return false;
  const block = parentOf(el);
  const all = (block?.textContent || '').replace(/\s+/g, '');
  const own = (el.textContent || '').replace(/\s+/g, '');
  return all.length > own.length;
}

/**
 * The box a person can hit to operate el: for a checkbox or radio, the control
 * and its label together (a label that wraps it, or names it and sits beside
 * it: both toggle it), else el's own box.
 */
function targetRect(el) {
  const own = el.getBoundingClientRect();
  if (!(el.localName === 'input' && (el.type === 'checkbox' || el.type === 'radio'))) return { el, r: own };
  const label = el.closest('label') || (el.id && el.getRootNode().querySelector(`label[for="${CSS.escape(el.id)}"]`));
  if (!label || hidden(label)) return { el, r: own };
  const l = label.getBoundingClientRect();
  if (hidden(el)) return { el: label, r: l };
  const left = Math.min(own.left, l.left);
  const top = Math.min(own.top, l.top);
  return { el: label, r: { left, top, width: Math.max(own.right, l.right) - left, height: Math.max(own.bottom, l.bottom) - top } };
}

const overlap = (a, b, slack = 1) =>
  Math.min(a.right, b.right) - Math.max(a.left, b.left) > slack && Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > slack;

function checkHost(host) {
  const faults = [];
  const state = host.dataset.state;
  const add = (check, el, detail) => faults.push({ state, check, element: el ? describe(el) : `<${host.localName}>`, detail });
  const box = host.getBoundingClientRect();
  const els = deepAll(host.shadowRoot);
  const min = LARGE ? 60 : 44;
  function checkTarget(el) {
    if (!el.matches(TARGETS) || el.disabled || inlineInText(el)) return;
    if (el.getAttribute('tabindex') === '-1' && !el.matches('button, a[href], input, select, textarea, summary')) return;
    const { el: t, r: tr } = targetRect(el);
    if (t === el && hidden(el)) return;
    if (tr.width < min - 0.5 || tr.height < min - 0.5) {
      add(
        `target smaller than ${min}×${min}`,
        t,
        `${Math.round(tr.width * 10) / 10}×${Math.round(tr.height * 10) / 10} px${t !== el ? ' (control and label together)' : ''}`,
      );
    }
  }

  for (const el of els) {
    if (el.localName === 'style' || el.localName === 'slot' || el.localName === 'script') continue;
    if (hidden(el)) {
      // A visually hidden checkbox or radio is operated through its label.
      if (el.matches('input[type="checkbox"], input[type="radio"]')) checkTarget(el);
      continue;
    }
    const r = el.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) continue;
    // 1. Nothing outside the host's box (what a clipping box inside the widget hides is not outside).
    if (!clipped(el, host)) {
      const out = Math.max(box.left - r.left, r.right - box.right, box.top - r.top, r.bottom - box.bottom);
      if (out > 1) {
        add(
          'outside the widget box',
          el,
          `${Math.round(out)} px beyond <${host.localName}> (${Math.round(r.left)},${Math.round(r.top)} ${Math.round(r.width)}×${Math.round(r.height)} vs box ${Math.round(box.left)},${Math.round(box.top)} ${Math.round(box.width)}×${Math.round(box.height)})`,
        );
      }
    }
    // 2. No clipped or ellipsised text.
    if (!(el instanceof SVGElement)) {
      const s = getComputedStyle(el);
      const ownText = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
      const cuts = s.overflowX === 'hidden' || s.overflowX === 'clip';
      if ((cuts || s.textOverflow === 'ellipsis') && ownText && el.scrollWidth > el.clientWidth + 1) {
        add(
          'clipped text',
          el,
          `text ${el.scrollWidth} px wide in a ${el.clientWidth} px box${s.textOverflow === 'ellipsis' ? ' (ellipsis)' : ''}`,
        );
      } else if (cuts && !ownText && el.scrollWidth > el.clientWidth + 1 && !el.querySelector('.map-svg') && !isFileInput(el)) {
        // A box that cuts off what does not fit (a map's viewport, which clips its canvas by design, aside).
        add('content cut off', el, `content ${el.scrollWidth} px wide in a ${el.clientWidth} px box that hides overflow`);
      }
    }
    // 3. Targets at least 44×44 (60×60 in large mode).
    checkTarget(el);
  }

  // Images the widget shows have loaded (a broken image leaves its box empty or collapsed).
  for (const img of els.filter((el) => el.localName === 'img' && !hidden(el))) {
    if (!img.complete || img.naturalWidth === 0) add('image not loaded', img, img.currentSrc || img.getAttribute('src') || '');
  }

  // 4. Map: no two county names, markers or controls overlapping.
  if (host.localName === 'dj-branch-map') {
    const stage = q(host, '.stage') || q(host, '.map');
    const view = stage ? stage.getBoundingClientRect() : box;
    // What of a name or marker shows: the map's viewport clips the canvas, so a marker at its edge is cut, not covered.
    const visible = (r) => ({
      left: Math.max(r.left, view.left),
      top: Math.max(r.top, view.top),
      right: Math.min(r.right, view.right),
      bottom: Math.min(r.bottom, view.bottom),
    });
    const items = qa(host, 'text.county-name, g.cluster, g.pin, .controls button')
      .filter((el) => !hidden(el))
      .map((el) => ({ el, r: el.matches('.controls button') ? el.getBoundingClientRect() : visible(el.getBoundingClientRect()) }))
      .filter(({ el, r }) => el.matches('.controls button') || (r.right - r.left > 0 && r.bottom - r.top > 0));
    for (let i = 0; i < items.length; i++) {
      for (let j = i + 1; j < items.length; j++) {
        const a = items[i];
        const b = items[j];
        if (a.el.matches('.controls button') && b.el.matches('.controls button')) continue;
        if (overlap(a.r, b.r)) add('map items overlap', a.el, `covers ${describe(b.el)}`);
      }
    }
  }
  return faults;
}

function check({ width }) {
  hiddenMemo = new Map();
  clipMemo = new Map();
  const faults = [];
  const doc = document.documentElement;
  if (doc.scrollWidth > window.innerWidth + 1) {
    faults.push({
      state: '*',
      check: 'page scrolls sideways',
      element: '<html>',
      detail: `page ${doc.scrollWidth} px wide in a ${window.innerWidth} px viewport (WCAG 1.4.10)`,
    });
  }
  if (window.innerWidth !== width)
    faults.push({ state: '*', check: 'viewport', element: '<html>', detail: `innerWidth ${window.innerWidth}, asked ${width}` });
  for (const host of hosts) faults.push(...checkHost(host));
  return faults;
}

/**
 * axe on the whole page at once (one run is much faster than one per cell);
 * each violation is put to its cell. Every WCAG 2.2 A/AA rule runs except
 * axe's target-size (24 px), which check() already holds to 44 px (60 in
 * large mode) and which costs a second per run.
 */
async function axeAll() {
  const out = [];
  const result = await window.axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
    rules: { 'target-size': { enabled: false } },
    resultTypes: ['violations'],
  });
  for (const v of result.violations) {
    for (const node of v.nodes) {
      const top = [node.target].flat()[0];
      const first = Array.isArray(top) ? top[0] : top;
      let el = null;
      try {
        el = document.querySelector(first);
      } catch {
        /* an odd selector */
      }
      const cell = el?.closest('[data-state]');
      out.push({
        state: cell ? cell.dataset.state : 'page',
        check: `axe ${v.id}`,
        element: node.target.flat().join(' >>> '),
        detail: (node.failureSummary || v.help).replace(/\s+/g, ' ').slice(0, 200),
      });
    }
  }
  return out;
}

/** Layout settled: images in (lazy ones brought into view to load), the hosts' boxes the same over two frames. */
async function settle() {
  const pending = hosts.flatMap((h) => deepAll(h.shadowRoot)).filter((el) => el.localName === 'img' && !el.complete);
  for (const img of pending) {
    img.scrollIntoView({ block: 'center' });
    await Promise.race([
      new Promise((r) => {
        img.addEventListener('load', r, { once: true });
        img.addEventListener('error', r, { once: true });
      }),
      sleep(5000),
    ]);
  }
  if (pending.length) window.scrollTo(0, 0);
  let last = '';
  for (let i = 0; i < 40; i++) {
    await frame();
    const now =
      hosts
        .map((h) => {
          const r = h.getBoundingClientRect();
          return `${r.width}x${r.height}`;
        })
        .join() + document.documentElement.scrollWidth;
    if (now === last) return;
    last = now;
  }
}

/**
 * A widget gives up on an endpoint that never answers after a while (and
 * shows its error): before each width, the loading cells start afresh, so
 * what is checked is the skeleton.
 */
async function freshLoading() {
  for (const [i, host] of hosts.entries()) {
    if (host.dataset.state !== 'loading') continue;
    const again = host.cloneNode(false);
    host.replaceWith(again);
    hosts[i] = again;
    await busy(again);
  }
}

/** At one width: loading cells afresh, layout settled, then the checks (one round trip for the test). */
async function measure(width) {
  await freshLoading();
  await settle();
  return check({ width });
}

window.__matrix = { ready, check, axe: axeAll, settle, freshLoading, measure, states: hosts.map((h) => h.dataset.state) };
