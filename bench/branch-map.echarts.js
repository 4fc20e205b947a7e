/**
 * The ECharts side of the branch-map benchmark: the same county boundaries
 * and branches as <dj-branch-map>, drawn by ECharts on a canvas. Built by
 * branch-map.bench.mjs into one minified production module (NODE_ENV
 * production, as an app would ship it) and served to the page; never part of
 * the kit's bundle.
 *
 * Only what the map needs, the tree-shaken way ECharts documents:
 * echarts/core with the Map and Scatter charts, the Geo component and the
 * canvas renderer.
 */
import { MapChart, ScatterChart } from 'echarts/charts';
import { GeoComponent } from 'echarts/components';
import { init, registerMap, use } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';

use([MapChart, ScatterChart, GeoComponent, CanvasRenderer]);

/** The widget's light colours (src/core/styles.ts). */
const COLOR = {
  primary: '#C8161D',
  gold: '#8A6A00',
  textMuted: '#5C534E',
  surface: '#FFFFFF',
  land: '#FBF5EF',
  focus: '#1A5FB4',
};

/** The widget's five-pointed star (outer radius 10) as an ECharts path symbol. */
const STAR = `path://M${Array.from({ length: 10 }, (_, i) => {
  const r = i % 2 ? 4.2 : 10;
  const a = (Math.PI / 5) * i - Math.PI / 2;
  return `${(r * Math.cos(a)).toFixed(1)} ${(r * Math.sin(a)).toFixed(1)}`;
}).join('L')}Z`;

/**
 * Web Mercator, as the widget projects (src/widgets/branch-map/geo.ts), so
 * both sides draw the same shapes. y grows downwards, as ECharts expects.
 */
const mercator = {
  project: ([lng, lat]) => [(lng * Math.PI) / 180, -Math.log(Math.tan(Math.PI / 4 + (lat * Math.PI) / 360))],
  unproject: ([x, y]) => [(x * 180) / Math.PI, (Math.atan(Math.exp(-y)) * 360) / Math.PI - 90],
};

/** ECharts as it comes: the options below and nothing tuned for size. */
export const DEFAULTS = Object.freeze({});

/**
 * ECharts tuned for many points, as its documentation advises: `large` mode
 * (a series' symbols drawn as one path) and no progressive rendering, so the
 * first frame has every point. Large mode is left off the star series: with a
 * path:// symbol and 3,500 points, ECharts 6.1.0 in large mode kept the main
 * thread busy for over a minute without drawing, so the five-star series
 * stays a normal series in both configurations.
 */
export const TUNED = Object.freeze({ large: true, progressive: 0 });

async function getJson(url, signal) {
  const res = await fetch(url, { signal, headers: { Accept: 'application/json' } });
  if (!res.ok) throw new Error(`GET ${url}: HTTP ${res.status}`);
  return JSON.parse(await res.text());
}

/**
 * One scatter series per kind of pin, each with one symbol and one style, as
 * the widget draws them: five-star stars, four-star gold dots, other dots,
 * temporary branches' diamonds. Data as [lng, lat] pairs.
 */
function series(items, options) {
  const kinds = { five: [], four: [], other: [], temporary: [] };
  for (const b of items) {
    const kind = b.temporary ? 'temporary' : b.stars === 5 ? 'five' : b.stars === 4 ? 'four' : 'other';
    kinds[kind].push([b.location.lng, b.location.lat]);
  }
  const common = {
    type: 'scatter',
    coordinateSystem: 'geo',
    geoIndex: 0,
    emphasis: { scale: false },
    ...(options.progressive !== undefined ? { progressive: options.progressive } : {}),
  };
  // Large mode draws a series' symbols as one path; not with the star's path:// symbol (see TUNED).
  const large = (symbol) => (options.large && !symbol.startsWith('path://') ? { large: true } : {});
  const dot = (color) => ({ color, borderColor: COLOR.surface, borderWidth: 1.5 });
  return [
    { ...common, ...large('circle'), name: 'other', symbol: 'circle', symbolSize: 12, data: kinds.other, itemStyle: dot(COLOR.textMuted) },
    { ...common, ...large('circle'), name: 'four', symbol: 'circle', symbolSize: 12, data: kinds.four, itemStyle: dot(COLOR.gold) },
    {
      ...common,
      ...large(STAR),
      name: 'five',
      symbol: STAR,
      symbolSize: 20,
      data: kinds.five,
      itemStyle: { color: COLOR.primary, borderColor: COLOR.gold, borderWidth: 1.5 },
    },
    {
      ...common,
      ...large('diamond'),
      name: 'temporary',
      symbol: 'diamond',
      symbolSize: 16,
      data: kinds.temporary,
      itemStyle: dot(COLOR.focus),
    },
  ];
}

/**
 * Loads the region and the branches from `base` (the same URLs the widget
 * requests), then draws them in `container`. Resolves with the chart once
 * ECharts reports the render finished ('finished'). `marks` receives the
 * performance.now() after each step: parsed, registered, init, setOption.
 */
export async function mountECharts(container, base, region = '370800', { signal, marks = {}, options = DEFAULTS } = {}) {
  const [geo, branches] = await Promise.all([
    getJson(`${base}/regions/${region}`, signal),
    getJson(`${base}/branches?region=${region}`, signal),
  ]);
  marks.parsed = performance.now();
  const mapName = `region-${region}`;
  registerMap(mapName, geo);
  marks.registered = performance.now();
  const chart = init(container, null, { renderer: 'canvas' });
  marks.init = performance.now();
  let finishedInSetOption = false;
  const finished = new Promise((resolve) => chart.on('finished', () => resolve((finishedInSetOption = true))));
  chart.setOption({
    // The widget draws its first frame without an entry animation.
    animation: false,
    geo: {
      map: mapName,
      projection: mercator,
      roam: true,
      // Fitted into the box with its aspect kept, as the widget fits it (left/right/top/bottom would stretch it).
      layoutCenter: ['50%', '50%'],
      layoutSize: '100%',
      label: { show: true, color: COLOR.textMuted, fontSize: 14 },
      itemStyle: { areaColor: COLOR.land, borderColor: COLOR.textMuted, borderWidth: 1 },
      emphasis: { disabled: true },
      select: { disabled: true },
    },
    series: [
      // The counties as a map series on the same geo (one region each).
      { type: 'map', geoIndex: 0, data: geo.features.map((f) => ({ name: f.properties.name })) },
      ...series(branches.items, options),
    ],
  });
  marks.setOption = performance.now();
  // setOption draws synchronously, so 'finished' has fired by now, unless progressive
  // rendering (the default above 3,000 points in a series) left points for later frames.
  marks.finishedInSetOption = finishedInSetOption ? 1 : 0;
  await finished;
  return chart;
}
