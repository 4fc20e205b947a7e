/**
 * In-page half of the leaderboard benchmark (driven by leaderboard.bench.mjs).
 *
 * One trial = one side (the built widget or the plain twin) alone on the
 * page: set up, then time one operation until the next frame has been
 * produced. window.bench.round() runs one trial of each side in the order
 * the driver asks, so the driver can alternate who goes first.
 */
import '/dist/dj-widgets.js';
import { generateBoard } from '/src/demo/liaison-groups.ts';
import { mountPlain } from './plain-table.js';

const TAG = 'dj-liaison-leaderboard';
/** Metric columns in header order; a sort trial clicks one of these headers. */
const COLUMNS = ['branchCount', 'fiveStarCount', 'fiveStarShare', 'score'];
/** The driver's server holds requests under this path open and never answers. */
const HOLD = `${location.origin}/__bench-hold`;

const stage = document.getElementById('stage');
const json = JSON.stringify(generateBoard(100, 20));

/**
 * The plain twin gets the widget's own CSS (the same CSSStyleSheet objects),
 * adopted by the document, so both sides pay for the same style and layout
 * rules; only the DOM construction differs.
 */
const widgetClass = customElements.get(TAG);
if (!widgetClass) throw new Error(`/dist/dj-widgets.js did not define <${TAG}>`);
const widgetSheets = widgetClass.elementStyles.map((s) => s.styleSheet ?? s);
document.adoptedStyleSheets = widgetSheets;

const now = () => performance.now();
/** Resolves once the next frame has been produced: rAF, then a task after that frame's rendering. */
const nextFrame = () =>
  new Promise((resolve) =>
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => resolve(now());
      channel.port2.postMessage(0);
    }),
  );
/** The same forced style + layout on both sides. */
const forceLayout = () => stage.offsetHeight;
const collect = () => globalThis.gc?.();
/** Set by the profile run (bench.setMarks) to put user-timing marks around each timed window. */
let marks = false;

/** Mounts the widget with the JSON as its inline snapshot and an endpoint that never answers. */
function mountWidget(el = document.createElement(TAG)) {
  el.setAttribute('endpoint', HOLD);
  el.setAttribute('timeout', '3600000');
  const script = document.createElement('script');
  script.type = 'application/json';
  script.textContent = json;
  el.append(script);
  stage.append(el);
  return el;
}

function mountPlainHost() {
  const host = document.createElement('div');
  stage.append(host);
  mountPlain(host, json);
  return host;
}

const widgetRoot = (el) => el.shadowRoot;

/**
 * Times the widget's fit() (after each render it measures the table, to
 * choose cards where it would not fit): the forced style and layout that
 * the plain side gets from forceLayout() happens there, inside the widget's
 * script time. Reported apart so script can be compared with script.
 */
function timeFit(el, add) {
  const fit = Object.getPrototypeOf(el).fit;
  if (typeof fit !== 'function') return el;
  el.fit = function () {
    const t = now();
    try {
      return fit.call(this);
    } finally {
      add(now() - t);
    }
  };
  return el;
}
const sortButton = (root, metric) => root.querySelectorAll('button.sort')[COLUMNS.indexOf(metric)];

async function settle() {
  collect();
  await nextFrame();
  await nextFrame();
}

/**
 * Times one operation on one side. `op` is 'render' (create + attach with the
 * JSON) or 'sort:<metric>' (click that metric's header from the default score
 * order; the score header is the active one, so it flips to ascending).
 * Returns ms: `total` from t0 to the next produced frame, split into
 * `script` (t0 until the DOM is updated; for the widget until updateComplete),
 * `layout` (the forced style + layout after that) and `frame` (the rest: paint,
 * commit and waiting for the frame); `fit` is the part of the widget's
 * script spent in fit(), whose measuring forces style and layout; `connect` is the synchronous part of a
 * first render (for the widget: constructor + connectedCallback, which
 * parses and validates the snapshot).
 */
async function trial(side, op) {
  // 'bare' is the plain twin without the widget's CSS: a reference for what the styles cost.
  if (side === 'bare') document.adoptedStyleSheets = [];
  try {
    return await timed(side === 'bare' ? 'plain' : side, op);
  } finally {
    document.adoptedStyleSheets = widgetSheets;
  }
}

async function timed(side, op) {
  stage.replaceChildren();
  let el;
  if (op !== 'render') {
    el = side === 'widget' ? mountWidget() : mountPlainHost();
    if (side === 'widget') await el.updateComplete;
    await nextFrame();
  }
  await settle();
  // Only for the profile: marks the timed window in the trace.
  if (marks) performance.mark(`bench:${side}:start`);
  const t0 = now();
  let connected = t0;
  let fit = 0;
  if (op === 'render') {
    el = side === 'widget' ? timeFit(document.createElement(TAG), (ms) => (fit += ms)) : undefined;
    el = side === 'widget' ? mountWidget(el) : mountPlainHost();
    connected = now();
  } else {
    if (side === 'widget') timeFit(el, (ms) => (fit += ms));
    sortButton(side === 'widget' ? widgetRoot(el) : el, op.slice(5)).click();
  }
  if (side === 'widget') await el.updateComplete;
  const script = now();
  forceLayout();
  const layout = now();
  const end = await nextFrame();
  if (marks) performance.mark(`bench:${side}:end`);
  const rows = (side === 'widget' ? widgetRoot(el) : el).querySelectorAll('tr[data-id]').length;
  stage.replaceChildren();
  if (rows !== 100) throw new Error(`${side} ${op}: ${rows} rows on screen, expected 100`);
  return { total: end - t0, script: script - t0, connect: connected - t0, fit, layout: layout - script, frame: end - layout };
}

// --- the twin check -----------------------------------------------------------

/**
 * The DOM under `root` as lines: elements with their attributes (class
 * tokens normalised, style as parsed, a select's value instead of the
 * `selected` attributes) and the text between them, whitespace runs as one
 * space. Lit's comment markers are left out (they split text nodes, so text
 * is joined across them).
 */
function signature(root) {
  const lines = [];
  const walk = (node, depth) => {
    let text = '';
    const flush = () => {
      // Whitespace runs count as one space, but they count: a space between
      // two inline elements is a layout object and a visible gap.
      const t = text.replace(/\s+/g, ' ');
      if (t) lines.push(`${' '.repeat(depth)}"${t}"`);
      text = '';
    };
    for (const child of node.childNodes) {
      if (child.nodeType === Node.TEXT_NODE) text += child.data;
      if (child.nodeType !== Node.ELEMENT_NODE) continue;
      flush();
      const attrs = [];
      for (const { name, value } of child.attributes) {
        if (name === 'style') attrs.push(`style=${child.style.cssText}`);
        else if (name === 'class') attrs.push(`class=${value.split(/\s+/).filter(Boolean).join(' ')}`);
        else if (name !== 'selected') attrs.push(`${name}=${value}`);
      }
      if (child.localName === 'select') attrs.push(`value=${child.value}`);
      lines.push(`${' '.repeat(depth)}<${child.localName} ${attrs.sort().join(' ')}>`);
      walk(child, depth + 1);
    }
    flush();
  };
  walk(root, 0);
  return lines;
}

/** Compares the two sides' DOM after first render and after each header click. */
async function check() {
  const states = ['render', ...COLUMNS.map((m) => `sort:${m}`)];
  const result = { identical: true, states: [], elements: {}, comments: {} };
  for (const op of states) {
    const sigs = {};
    for (const side of ['widget', 'plain']) {
      stage.replaceChildren();
      const el = side === 'widget' ? mountWidget() : mountPlainHost();
      if (side === 'widget') await el.updateComplete;
      const root = side === 'widget' ? widgetRoot(el) : el;
      if (op !== 'render') {
        sortButton(root, op.slice(5)).click();
        if (side === 'widget') await el.updateComplete;
      }
      const base = root.querySelector('.base');
      sigs[side] = signature(base);
      if (op === 'render') {
        result.elements[side] = base.querySelectorAll('*').length + 1;
        const walker = document.createTreeWalker(root, NodeFilter.SHOW_COMMENT);
        let n = 0;
        while (walker.nextNode()) n++;
        result.comments[side] = n;
      }
    }
    stage.replaceChildren();
    const a = sigs.widget;
    const b = sigs.plain;
    const at = a.findIndex((line, i) => line !== b[i]);
    const same = at === -1 && a.length === b.length;
    if (!same) result.identical = false;
    result.states.push({
      op,
      same,
      lines: a.length,
      ...(same
        ? {}
        : {
            at: at === -1 ? Math.min(a.length, b.length) : at,
            widget: a.slice(Math.max(0, at - 2), at + 3),
            plain: b.slice(Math.max(0, at - 2), at + 3),
          }),
    });
  }
  return result;
}

// --- driver API ----------------------------------------------------------------

/**
 * Where the widget's time goes on a re-sort with motion allowed: counts and
 * times the getBoundingClientRect() and animate() calls made by one header
 * click (the FLIP of willUpdate/updated), by wrapping the two methods for
 * that one click only. Not part of the timed trials.
 */
async function flipProbe(metric = 'branchCount') {
  stage.replaceChildren();
  const el = mountWidget();
  await el.updateComplete;
  await nextFrame();
  await settle();
  const proto = Element.prototype;
  const original = { rect: proto.getBoundingClientRect, animate: proto.animate };
  const rect = { calls: 0, ms: 0, slow: 0, slowMs: 0, slowAfterAnimate: 0 };
  const animate = { calls: 0, ms: 0 };
  let animatedSinceRead = false;
  proto.getBoundingClientRect = function () {
    const t = now();
    try {
      return original.rect.call(this);
    } finally {
      const d = now() - t;
      rect.calls++;
      rect.ms += d;
      // A call that had to bring style and layout up to date first.
      if (d >= 0.5) {
        rect.slow++;
        rect.slowMs += d;
        if (animatedSinceRead) rect.slowAfterAnimate++;
      }
      animatedSinceRead = false;
    }
  };
  proto.animate = function (...args) {
    const t = now();
    try {
      return original.animate.apply(this, args);
    } finally {
      animate.calls++;
      animate.ms += now() - t;
      animatedSinceRead = true;
    }
  };
  let script;
  try {
    const t0 = now();
    sortButton(widgetRoot(el), metric).click();
    await el.updateComplete;
    script = now() - t0;
  } finally {
    proto.getBoundingClientRect = original.rect;
    proto.animate = original.animate;
  }
  await nextFrame();
  stage.replaceChildren();
  return { metric, script, rect, animate };
}

/** JSON.parse of the benchmark's JSON alone, median of 15. */
function parseMs() {
  const xs = [];
  for (let i = 0; i < 15; i++) {
    const t = now();
    JSON.parse(json);
    xs.push(now() - t);
  }
  return xs.sort((a, b) => a - b)[7];
}

/**
 * Both sides on the page at once, rendered, for the driver to ask Chromium
 * (CSS.getPlatformFontsForNode) which fonts drew their Chinese text. Each
 * side's caption and first leader cell get a `data-font-probe` attribute
 * naming them, on the plain side in the document, on the widget's in its
 * shadow root. `unmount()` clears the stage.
 */
async function mountForFonts() {
  stage.replaceChildren();
  const el = mountWidget();
  await el.updateComplete;
  const host = mountPlainHost();
  for (const [side, root] of [
    ['widget', widgetRoot(el)],
    ['plain', host],
  ]) {
    root.querySelector('caption').dataset.fontProbe = `${side} caption`;
    root.querySelector('.c-leader').dataset.fontProbe = `${side} leader unit`;
  }
  await nextFrame();
}

/**
 * Script alone, no frame: `n` first renders of `side` with the widget's
 * fit() (its forced layout) switched off, each timed from creating the
 * element to the DOM being there; the fastest and the median. For trying a
 * change: on a shared machine the fastest trial is the steadiest figure.
 */
async function scriptOnly(side, n = 30) {
  const xs = [];
  for (let i = 0; i < n; i++) {
    stage.replaceChildren();
    await settle();
    const t0 = now();
    if (side === 'widget') {
      const el = document.createElement(TAG);
      el.fit = () => {};
      mountWidget(el);
      await el.updateComplete;
    } else mountPlainHost();
    xs.push(now() - t0);
  }
  stage.replaceChildren();
  xs.sort((a, b) => a - b);
  return { min: xs[0], median: xs[Math.floor(n / 2)] };
}

window.bench = {
  scriptOnly,
  setMarks: (on) => (marks = on),
  mountForFonts,
  unmount: () => stage.replaceChildren(),
  flipProbe,
  trial,
  info: () => ({
    parseMs: parseMs(),
    jsonBytes: new TextEncoder().encode(json).length,
    hardwareConcurrency: navigator.hardwareConcurrency,
    reducedMotion: matchMedia('(prefers-reduced-motion: reduce)').matches,
    gc: typeof globalThis.gc === 'function',
    userAgent: navigator.userAgent,
  }),
  check,
  /** One trial of each side in `order` (e.g. ['plain', 'widget']). */
  async round(op, order) {
    const out = {};
    for (const side of order) out[side] = await trial(side, op);
    return out;
  },
  /** Frame latency of an idle page, to see how much of a "frame" is waiting for vsync. */
  async idleFrame(n = 20) {
    const out = [];
    for (let i = 0; i < n; i++) {
      await new Promise((r) => setTimeout(r, Math.random() * 20));
      const t0 = now();
      out.push((await nextFrame()) - t0);
    }
    return out;
  },
};
window.benchReady = true;
