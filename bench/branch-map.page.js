/**
 * In-page half of the branch-map benchmark (driven by branch-map.bench.mjs).
 *
 * Two sides, one at a time on the page: the built <dj-branch-map> and an
 * ECharts map (the module the driver builds from branch-map.echarts.js).
 * Both load the same data from the driver's server
 * (`/__bench-api/{n}/regions/370800` and `/__bench-api/{n}/branches?region=370800`): the
 * widget asks for the branches in columns (`&form=columns`, as it asks any endpoint), ECharts
 * for the usual form.
 *
 * - firstPaint: from before mounting until the first frame produced after the
 *   side shows the boundaries and the branches (fetch, parse, validate or
 *   register, draw, style and layout, the frame).
 * - interactions: the driver sends real input (wheel, drag) and calls
 *   step() after each event; step() times the event until the next produced
 *   frame, and a requestAnimationFrame loop records every frame meanwhile.
 */
import { Branches, clearCache, Regions } from '/dist/dj-widgets.js';
// Only for the probe that times the widget's clustering on the same points: the same module the bundle is built from.
import { cluster, frameOf, project, WIDTH } from '/src/widgets/branch-map/geo.ts';
// The check the widget runs on the branches since it stopped copying them through valibot: timed beside valibot.
import { fast } from '/src/widgets/branch-map/fast-schema.ts';

const ECHARTS_URL = '/__bench/echarts-map.js';
const { mountECharts, DEFAULTS, TUNED } = await import(/* @vite-ignore */ ECHARTS_URL);
/** The ECharts sides: out of the box, and tuned for many points (see branch-map.echarts.js). */
const ECHARTS = { echarts: DEFAULTS, 'echarts-tuned': TUNED };

const TAG = 'dj-branch-map';
const REGION = '370800';
/** The widget's cluster cell, in CSS pixels (branch-map.component.ts). */
const CELL = 36;
const api = (n) => `${location.origin}/__bench-api/${n}`;

const stage = document.getElementById('stage');
const now = () => performance.now();
performance.setResourceTimingBufferSize(10_000);

/** Resolves once the next frame has been produced: rAF, then a task after that frame's rendering. */
const nextFrame = () =>
  new Promise((resolve) =>
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => resolve(now());
      channel.port2.postMessage(0);
    }),
  );
const forceLayout = () => stage.offsetHeight;
const collect = () => globalThis.gc?.();

async function settle() {
  collect();
  await nextFrame();
  await nextFrame();
}

/** The ECharts container gets the size of the widget's map (measured once by setup()). */
let box = { width: 0, height: 0 };

const painted = (el) => el.shadowRoot?.querySelector('svg.map-svg .pin, svg.map-svg .cluster');

/**
 * Mounts the widget and resolves after the update that first shows pins or
 * clusters has been committed. Each update is timed by wrapping the
 * instance's performUpdate (Lit's synchronous render + commit), which adds
 * two performance.now() calls per update and changes nothing else.
 */
function mountWidget(n) {
  const el = document.createElement(TAG);
  el.setAttribute('region', REGION);
  el.setAttribute('endpoint', api(n));
  el.setAttribute('timeout', '600000');
  const updates = [];
  // When each body had been fetched, parsed and validated: the widget's dj-load events.
  const loaded = {};
  el.addEventListener('dj-load', (e) => (loaded[e.detail.url.includes('/regions/') ? 'regions' : 'branches'] = now()));
  const ready = new Promise((resolve, reject) => {
    const perform = el.performUpdate;
    el.performUpdate = function performUpdate() {
      const t = now();
      const r = perform.call(this);
      updates.push({ start: t, ms: now() - t });
      if (painted(el)) resolve();
      return r;
    };
    el.addEventListener('dj-error', (e) => reject(new Error(`widget: ${e.detail.kind} ${e.detail.url} ${e.detail.message}`)));
  });
  stage.append(el);
  return { el, ready: ready.then(() => el.updateComplete), updates, loaded };
}

function mountChart(n, options) {
  const host = document.createElement('div');
  host.style.width = `${box.width}px`;
  host.style.height = `${box.height}px`;
  stage.append(host);
  const marks = {};
  return { host, ready: mountECharts(host, api(n), REGION, { marks, options }), marks };
}

/** When both bodies had been received, ms after t0 (Resource Timing). */
function dataIn(n, t0) {
  const base = api(n);
  const ends = performance
    .getEntriesByType('resource')
    .filter((e) => e.name.startsWith(base) && e.startTime >= t0)
    .map((e) => e.responseEnd - t0);
  performance.clearResourceTimings();
  return ends.length === 2 ? Math.max(...ends) : NaN;
}

let current;

function unmount() {
  current?.chart?.dispose();
  current = undefined;
  stage.replaceChildren();
}

/**
 * One first-paint trial of `side` with `n` branches. Returns ms from t0:
 * `total` (the next produced frame after the content), `script` (until the
 * content is in the DOM / on the canvas), `layout` (the same forced style +
 * layout on both sides), `frame` (the rest), `dataIn` (both bodies received),
 * and per side: `lastUpdate` (the widget's render + commit of the data) and
 * `steps` (each update's start and length), or the ECharts steps.
 */
async function firstPaint(side, n) {
  unmount();
  clearCache();
  performance.clearResourceTimings();
  await settle();
  const t0 = now();
  let extra;
  if (side === 'widget') {
    const m = mountWidget(n);
    await m.ready;
    const last = m.updates.at(-1);
    extra = {
      lastUpdate: last.ms,
      updates: m.updates.length,
      // Each update's start (ms from t0) and its render + commit + updated(): where a first paint's time goes.
      steps: m.updates.map((u) => [u.start - t0, u.ms]),
      regionsLoaded: m.loaded.regions - t0,
      branchesLoaded: m.loaded.branches - t0,
    };
  } else {
    const m = mountChart(n, ECHARTS[side]);
    current = { chart: await m.ready };
    const { finishedInSetOption, ...marks } = m.marks;
    extra = { ...Object.fromEntries(Object.entries(marks).map(([k, v]) => [k, v - t0])), finishedInSetOption };
  }
  const script = now();
  forceLayout();
  const layout = now();
  const end = await nextFrame();
  const out = { total: end - t0, script: script - t0, layout: layout - script, frame: end - layout, dataIn: dataIn(n, t0), ...extra };
  if (side === 'widget') out.elements = stage.firstElementChild.shadowRoot.querySelectorAll('svg.map-svg *').length;
  unmount();
  return out;
}

// --- interactions ---------------------------------------------------------------

/**
 * Mounts one side with `n` branches for an interaction run and returns the
 * map's rectangle in viewport coordinates, for the driver's mouse.
 */
async function mountFor(side, n) {
  unmount();
  clearCache();
  let target;
  if (side === 'widget') {
    const m = mountWidget(n);
    await m.ready;
    target = m.el.shadowRoot.querySelector('svg.map-svg');
    current = { el: m.el, updates: m.updates };
  } else {
    const m = mountChart(n, ECHARTS[side]);
    current = { chart: await m.ready };
    target = m.host;
  }
  await settle();
  viewNow();
  const r = target.getBoundingClientRect();
  return { x: r.x, y: r.y, width: r.width, height: r.height };
}

/**
 * The view now, to check that the input moved the map: the widget's group
 * transform (translate and scale, the scale relative to the first view), or
 * ECharts' geo zoom and centre (read from its model, without getOption()'s
 * copy of 10,000 points).
 */
function viewNow() {
  if (current?.chart) {
    const geo = current.chart.getModel().getComponent('geo', 0).option;
    return { zoom: geo.zoom ?? 1, center: geo.center ?? null };
  }
  const g = current.el.shadowRoot.querySelector('svg.map-svg > g');
  const [, x, y, k] = /translate\(([^ ]+) ([^)]+)\) scale\(([^)]+)\)/.exec(g.getAttribute('transform')).map(Number);
  current.scale0 ??= k;
  const svg = current.el.shadowRoot.querySelector('svg.map-svg');
  return {
    zoom: k / current.scale0,
    center: [x, y],
    elements: svg.querySelectorAll('*').length,
    pins: svg.querySelectorAll('.pin').length,
    clusters: svg.querySelectorAll('.cluster').length,
  };
}

/**
 * Diagnostic only: hides `selector` inside the mounted widget (one extra
 * stylesheet in its shadow root), to see what a pan frame's paint costs
 * without those elements. The widget's code is untouched.
 */
function hide(selector) {
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(`${selector} { display: none !important; }`);
  const root = current.el.shadowRoot;
  root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
}

/** Waits for `n` produced frames: lets an untimed input take effect. */
async function frames(n = 3) {
  for (let i = 0; i < n; i++) await nextFrame();
}

let rec;

/** Starts recording: every frame's rAF time, long animation frames, and each input event's time. */
function recordStart() {
  rec = {
    frames: [],
    steps: [],
    loaf: [],
    pending: [],
    waiting: null,
    running: true,
    t0: now(),
    firstUpdate: current?.updates?.length ?? 0,
  };
  const r = rec;
  const loop = (t) => {
    if (!r.running) return;
    r.frames.push(t);
    requestAnimationFrame(loop);
  };
  requestAnimationFrame(loop);
  r.script = [];
  r.onInput = () => {
    // The first event of each step: a drag's pointermove comes before its mousemove.
    r.start = now();
    r.pending.push(r.start);
    r.waiting?.();
  };
  // Bubbling on window: after the side's own handlers and, for the widget, its update (Lit renders in the
  // microtasks that run as the handler returns): the script the input cost before any rendering.
  r.onHandled = () => r.script.push(now() - r.start);
  // Capture on window: runs before either side's own handlers.
  for (const type of ['wheel', 'pointermove']) {
    window.addEventListener(type, r.onInput, { capture: true, passive: true });
    window.addEventListener(type, r.onHandled, { passive: true });
  }
  r.observer = new PerformanceObserver((list) => r.loaf.push(...list.getEntries()));
  try {
    r.observer.observe({ type: 'long-animation-frame' });
  } catch {
    r.observer = null;
  }
}

/**
 * After the driver sent one input: waits for its event (if not yet seen),
 * then for the next produced frame; records the event → frame time.
 */
async function step() {
  const r = rec;
  if (!r.pending.length) {
    await Promise.race([new Promise((resolve) => (r.waiting = resolve)), new Promise((resolve) => setTimeout(resolve, 2000))]);
    r.waiting = null;
  }
  if (!r.pending.length) {
    r.steps.push(NaN);
    return;
  }
  const t = r.pending[0];
  const end = await nextFrame();
  r.steps.push(end - t);
  r.pending = [];
}

function recordStop() {
  const r = rec;
  r.running = false;
  for (const type of ['wheel', 'pointermove']) {
    window.removeEventListener(type, r.onInput, { capture: true });
    window.removeEventListener(type, r.onHandled);
  }
  r.observer?.takeRecords().forEach((e) => r.loaf.push(e));
  r.observer?.disconnect();
  const intervals = r.frames.slice(1).map((t, i) => t - r.frames[i]);
  const loaf = r.loaf
    .filter((e) => e.startTime >= r.t0)
    .map((e) => ({
      duration: e.duration,
      blocking: e.blockingDuration,
      // Before rendering: input handlers and tasks; then rAF callbacks; then style, layout and paint.
      beforeRender: (e.renderStart || e.startTime + e.duration) - e.startTime,
      rafCallbacks: e.renderStart ? e.styleAndLayoutStart - e.renderStart : 0,
      styleLayoutPaint: e.styleAndLayoutStart ? e.startTime + e.duration - e.styleAndLayoutStart : 0,
      forcedLayout: e.scripts.reduce((s, x) => s + x.forcedStyleAndLayoutDuration, 0),
    }));
  rec = undefined;
  // The widget's render + commit (Lit's performUpdate) of each update during the gesture.
  const updates = current?.updates?.slice(r.firstUpdate).map((u) => u.ms) ?? [];
  return { steps: r.steps, script: r.script, intervals, loaf, updates, elapsed: now() - r.t0 };
}

// --- probes (not timed trials) ---------------------------------------------------

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = (s.length - 1) / 2;
  return (s[Math.floor(m)] + s[Math.ceil(m)]) / 2;
};
const timeIt = (fn, reps = 9) => {
  const xs = [];
  let out;
  for (let i = 0; i < reps; i++) {
    const t = now();
    out = fn(i);
    xs.push(now() - t);
  }
  return { ms: median(xs), out };
};

/**
 * Where the widget's first-paint time goes for `n` branches: the pieces
 * timed apart on the same bodies (JSON.parse, the valibot validation the
 * widget runs, the widget's clustering at the first view), and the DOM it
 * produces.
 */
async function probe(n) {
  const [regionsText, branchesText] = await Promise.all(
    [`${api(n)}/regions/${REGION}`, `${api(n)}/branches?region=${REGION}`].map((u) => fetch(u).then((r) => r.text())),
  );
  const bytes = { regions: new TextEncoder().encode(regionsText).length, branches: new TextEncoder().encode(branchesText).length };
  const buffer = new TextEncoder().encode(branchesText);
  const decode = timeIt(() => new TextDecoder().decode(buffer));
  const parseRegions = timeIt(() => JSON.parse(regionsText));
  const parseBranches = timeIt(() => JSON.parse(branchesText));
  // Fresh objects each time, as each request gives the widget.
  const copies = Array.from({ length: 9 }, () => JSON.parse(branchesText));
  const validate = timeIt((i) => Branches['~standard'].validate(copies[i]));
  if (validate.out.issues) throw new Error(`branches do not validate: ${JSON.stringify(validate.out.issues[0])}`);
  const quick = fast(Branches);
  const check = timeIt((i) => quick['~run']({ value: copies[i] }, {}));
  if (check.out.issues || check.out.value !== copies[8]) throw new Error('the fast check refused the branches');
  const regionCopies = Array.from({ length: 9 }, () => JSON.parse(regionsText));
  const validateRegions = timeIt((i) => Regions['~standard'].validate(regionCopies[i]));
  const geo = regionCopies[0];
  const items = copies[0].items;
  // The widget's first view: the region fitted into the map box, zoom 1.
  const frame = frameOf(geo.features);
  const w = box.width;
  const h = Math.min(w * (frame.height / WIDTH), 640);
  const k = Math.min(w / WIDTH, h / frame.height);
  const projectAll = timeIt(() =>
    items.map((item) => {
      const [x, y] = project(frame, item.location.lng, item.location.lat);
      return { x, y, item };
    }),
  );
  const points = projectAll.out;
  const clustered = timeIt(() => cluster(points, k, CELL));
  const groups = clustered.out;
  // Every zoom step re-clusters all points at the new scale: here halfway (×1.1⁸) and at the deepest view (×1.1¹⁶).
  const deeper = Object.fromEntries(
    [8, 16].map((e) => {
      const c = timeIt(() => cluster(points, k * 1.1 ** e, CELL));
      return [`x1.1^${e}`, { zoom: 1.1 ** e, ms: c.ms, groups: c.out.length }];
    }),
  );

  // The widget itself: its updates, and its DOM once painted.
  unmount();
  clearCache();
  await settle();
  const m = mountWidget(n);
  await m.ready;
  const root = m.el.shadowRoot;
  const dom = {
    mapElements: root.querySelectorAll('svg.map-svg *').length,
    shadowElements: root.querySelectorAll('*').length,
    pins: root.querySelectorAll('svg.map-svg .pin').length,
    clusters: root.querySelectorAll('svg.map-svg .cluster').length,
  };
  unmount();
  return {
    n,
    bytes,
    decodeBranchesMs: decode.ms,
    parseRegionsMs: parseRegions.ms,
    parseBranchesMs: parseBranches.ms,
    validateBranchesMs: validate.ms,
    checkBranchesMs: check.ms,
    validateRegionsMs: validateRegions.ms,
    projectMs: projectAll.ms,
    clusterMs: clustered.ms,
    groups: groups.length,
    singles: groups.filter((g) => g.items.length === 1).length,
    clusterZoomed: deeper,
    dom,
  };
}

/**
 * The widget's sizes: mounts it once with the smallest set and reads its
 * map's box, which the ECharts container then copies.
 */
async function setup() {
  unmount();
  clearCache();
  const m = mountWidget(1000);
  await m.ready;
  const r = m.el.shadowRoot.querySelector('svg.map-svg').getBoundingClientRect();
  box = { width: Math.round(r.width), height: Math.round(r.height) };
  unmount();
  return {
    box,
    hardwareConcurrency: navigator.hardwareConcurrency,
    gc: typeof globalThis.gc === 'function',
    userAgent: navigator.userAgent,
  };
}

window.bench = {
  setup,
  /** The map's box as setup() measured it on an earlier load: a fresh page's first trial must be its first map. */
  setBox(b) {
    box = b;
  },
  probe,
  /** One first-paint trial of each side in `order` (e.g. ['echarts', 'widget', 'echarts-tuned']). */
  async round(n, order) {
    const out = {};
    for (const side of order) out[side] = await firstPaint(side, n);
    return out;
  },
  mountFor,
  unmount,
  viewNow,
  frames,
  hide,
  recordStart,
  step,
  recordStop,
  /** Frame intervals of an idle page with the rAF loop running, for reference. */
  async idle(ms = 1000) {
    recordStart();
    await new Promise((r) => setTimeout(r, ms));
    return recordStop().intervals;
  },
};
window.benchReady = true;
