/**
 * Outlines and real basemap tiles line up: a known place, projected by the
 * map's own geometry (src/widgets/branch-map/geo.ts), lands on the tile and
 * the pixel of that tile where a Web Mercator tile set (OpenStreetMap,
 * Tianditu's _w layers) draws it, at several zooms, and lies inside its county.
 *
 * The reference is the slippy-map formula written out here, and for 兖州区's
 * seat the tile numbers themselves, so neither side checks only itself.
 */
import { expect } from '@open-wc/testing';
import { countyOf, pointInRegion, YANZHOU } from '../src/demo/branches.js';
import { countySeats, jiningCounties } from '../src/demo/jining-counties.js';
import { cluster, frameOf, labelOf, mercator, PATH_UNITS, pathOf, project, WIDTH } from '../src/widgets/branch-map/geo.js';

const LIANGSHAN = '370832';
const TILE = 256;

/** World pixel of [lng, lat] at `zoom`: x = (lng+180)/360·2^z·256, y = (1 − ln(tan φ + sec φ)/π)/2·2^z·256. */
function slippy(lng: number, lat: number, zoom: number): [number, number] {
  const size = 2 ** zoom * TILE;
  const phi = (lat * Math.PI) / 180;
  return [((lng + 180) / 360) * size, ((1 - Math.log(Math.tan(phi) + 1 / Math.cos(phi)) / Math.PI) / 2) * size];
}

/** Tile column, row and the pixel inside the tile of a world pixel. */
const tileOf = ([x, y]: [number, number]) => ({ tx: Math.floor(x / TILE), ty: Math.floor(y / TILE), px: x % TILE, py: y % TILE });

const frame = frameOf(jiningCounties.features);

/** World pixel at `zoom` of [lng, lat] as the map draws it: geo.ts's map units, back through its frame to the Mercator square. */
function widget(lng: number, lat: number, zoom: number): [number, number] {
  const [ux, uy] = project(frame, lng, lat);
  const size = 2 ** zoom * TILE;
  return [(ux / frame.scale + frame.x0) * size, (uy / frame.scale + frame.y0) * size];
}

const feature = (adcode: string) => jiningCounties.features.find((f) => f.properties.adcode === adcode)!;

function expectSamePixel(lng: number, lat: number, zoom: number) {
  const want = tileOf(slippy(lng, lat, zoom));
  const got = tileOf(widget(lng, lat, zoom));
  const where = `${lng},${lat} at z${zoom}`;
  expect([got.tx, got.ty], where).to.deep.equal([want.tx, want.ty]);
  expect(got.px, where).to.be.closeTo(want.px, 0.01);
  expect(got.py, where).to.be.closeTo(want.py, 0.01);
  const [mx, my] = mercator(lng, lat);
  const size = 2 ** zoom * TILE;
  expect(mx * size, where).to.be.closeTo(slippy(lng, lat, zoom)[0], 0.01);
  expect(my * size, where).to.be.closeTo(slippy(lng, lat, zoom)[1], 0.01);
}

describe('the map’s projection and Web Mercator tiles', () => {
  const [lng, lat] = countySeats[YANZHOU].seat;

  it('puts 兖州区’s seat (near 116.82 E, 35.56 N) inside 兖州区', () => {
    expect(lng).to.be.closeTo(116.82, 0.01);
    expect(lat).to.be.closeTo(35.56, 0.01);
    expect(pointInRegion(lng, lat, feature(YANZHOU))).to.equal(true);
    expect(countyOf(lng, lat)).to.equal(YANZHOU);
  });

  it('draws 兖州区’s seat on the tile and pixel a Web Mercator tile set draws it, at zoom 8, 12 and 16', () => {
    for (const zoom of [8, 12, 16]) expectSamePixel(lng, lat, zoom);
    // The tiles an OpenStreetMap viewer loads for that spot.
    const at = (zoom: number) => {
      const t = tileOf(widget(lng, lat, zoom));
      return [zoom, t.tx, t.ty, Math.floor(t.px), Math.floor(t.py)];
    };
    expect(at(8)).to.deep.equal([8, 211, 100, 19, 234]);
    expect(at(12)).to.deep.equal([12, 3377, 1614, 49, 168]);
    expect(at(16)).to.deep.equal([16, 54035, 25834, 16, 134]);
  });

  it('draws the city’s western edge, in 梁山县 near 115.87 E, on the same tile and pixel too', () => {
    const ring = feature(LIANGSHAN).geometry.coordinates.flat(1) as unknown as [number, number][];
    const west = ring.reduce((a, b) => (b[0] < a[0] ? b : a));
    expect(west[0]).to.be.closeTo(115.87, 0.01);
    const westOfAll = Math.min(
      ...jiningCounties.features.flatMap((f) =>
        (f.geometry.coordinates.flat(f.geometry.type === 'Polygon' ? 1 : 2) as unknown as [number, number][]).map(([x]) => x),
      ),
    );
    expect(westOfAll).to.equal(west[0]);
    for (const zoom of [8, 12, 16]) expectSamePixel(west[0], west[1], zoom);
    expect(tileOf(widget(west[0], west[1], 12)).tx).to.equal(3366);
    expect(countyOf(west[0] + 0.005, west[1])).to.equal(LIANGSHAN);
    expect(countyOf(west[0] - 0.005, west[1])).to.equal(undefined);
  });

  it('puts every county’s seat inside its own county', () => {
    for (const [adcode, { name, seat }] of Object.entries(countySeats))
      expect(pointInRegion(seat[0], seat[1], feature(adcode)), name).to.equal(true);
  });

  it('keeps apart points whose grid cells are far apart, however far from the region they lie', () => {
    // Cells (0, 2²¹) and (1, 0): a key of gx·2²¹ + gy would put both in one cell.
    const far = cluster(
      [
        { x: 0, y: 2 ** 21 * 36 + 1, item: 'a' },
        { x: 37, y: 1, item: 'b' },
      ],
      1,
      36,
    );
    expect(far.map((c) => c.items)).to.deep.equal([['a'], ['b']]);
    // Two points in one cell a hundred million cells out still make one cluster.
    const out = cluster(
      [
        { x: 36e8, y: 5, item: 'a' },
        { x: 36e8 + 3, y: 6, item: 'b' },
      ],
      1,
      36,
    );
    expect(out.map((c) => c.items)).to.deep.equal([['a', 'b']]);
  });

  /** Every point of a feature, projected one by one: the long way round that frameOf and labelOf avoid. */
  const projectedPoints = (f: (typeof jiningCounties.features)[number]) =>
    (f.geometry.type === 'Polygon' ? f.geometry.coordinates : f.geometry.coordinates.flat()).flat().map(([x, y]) => project(frame, x, y));

  it('fits the whole city into the frame: every point inside it, and each edge touched by some point', () => {
    const all = jiningCounties.features.flatMap(projectedPoints);
    const xs = all.map(([x]) => x);
    const ys = all.map(([, y]) => y);
    expect(Math.min(...xs)).to.be.closeTo(0, 1e-9);
    expect(Math.max(...xs)).to.be.closeTo(WIDTH, 1e-9);
    expect(Math.min(...ys)).to.be.closeTo(0, 1e-9);
    expect(Math.max(...ys)).to.be.closeTo(frame.height, 1e-9);
    // Jining is taller than wide, as it lies on the map.
    expect(frame.height).to.be.within(1050, 1150);
  });

  it('writes a county’s name, when the data gives no seat, at the middle of its outline’s box as drawn', () => {
    for (const f of jiningCounties.features) {
      expect(f.properties.seat, f.properties.name).to.equal(undefined);
      const points = projectedPoints(f);
      const xs = points.map(([x]) => x);
      const ys = points.map(([, y]) => y);
      const [x, y] = labelOf(frame, f);
      expect(x, f.properties.name).to.be.closeTo((Math.min(...xs) + Math.max(...xs)) / 2, 1e-9);
      expect(y, f.properties.name).to.be.closeTo((Math.min(...ys) + Math.max(...ys)) / 2, 1e-9);
    }
    // With a seat, the seat.
    const seated = {
      ...jiningCounties.features[1],
      properties: { ...jiningCounties.features[1].properties, seat: [116.82, 35.56] as [number, number] },
    };
    expect(labelOf(frame, seated)).to.deep.equal(project(frame, 116.82, 35.56));
  });

  it('writes each outline so that the engine draws every point, in order, within a tenth of a map unit of where it lies', () => {
    for (const f of jiningCounties.features) {
      const d = pathOf(frame, f);
      // The engine's own reading of the path: every segment's end, in path units.
      const el = document.createElementNS('http://www.w3.org/2000/svg', 'path');
      el.setAttribute('d', d);
      const rings = f.geometry.type === 'Polygon' ? f.geometry.coordinates : f.geometry.coordinates.flat();
      const points = rings.flat();
      const length = el.getTotalLength();
      expect(length, `${f.properties.name}: the whole path is read`).to.be.above(0);
      // Every point of the data, in path units, lies on the drawn outline: within half a path unit of it.
      const drawn = d.match(/-?\d+/g)!.length / 2;
      expect(drawn, `${f.properties.name}: no point is added`).to.be.at.most(points.length);
      expect(drawn, `${f.properties.name}: few points are left out`).to.be.at.least(points.length * 0.5);
      let [x, y] = [0, 0];
      let at = 0;
      // Walk the path as the grammar says: M x y (absolute), then l dx dy … (relative), z back to the start.
      const tokens = d.match(/[Mlz]|-?\d+/g)!;
      let command = '';
      let i = 0;
      let start = [0, 0];
      const ends: [number, number][] = [];
      while (i < tokens.length) {
        if (/[Mlz]/.test(tokens[i])) command = tokens[i++];
        if (command === 'z') {
          [x, y] = start;
          command = '';
          continue;
        }
        const a = Number(tokens[i++]);
        const b = Number(tokens[i++]);
        if (command === 'M') [x, y] = start = [a, b];
        else [x, y] = [x + a, y + b];
        ends.push([x, y]);
      }
      for (const [lng, lat] of points) {
        const [px, py] = project(frame, lng, lat).map((v) => v * PATH_UNITS);
        // The nearest written point: the point itself, or the one it was rounded onto.
        while (at < ends.length && Math.hypot(ends[at][0] - px, ends[at][1] - py) > 0.75) at++;
        expect(at, `${f.properties.name}: [${lng}, ${lat}] is drawn, in order`).to.be.below(ends.length);
      }
    }
  });

  it('writes a ring whose points all round onto one as a valid path that goes on to the next ring', () => {
    const tiny = {
      type: 'Feature',
      properties: { adcode: '1', name: 'x' },
      geometry: {
        type: 'MultiPolygon',
        coordinates: [
          [
            [
              [116.6, 35.5],
              [116.6000001, 35.5],
              [116.6, 35.5000001],
              [116.6, 35.5],
            ],
          ],
          [
            [
              [116.7, 35.6],
              [116.8, 35.6],
              [116.8, 35.7],
              [116.7, 35.6],
            ],
          ],
        ],
      },
    } as unknown as (typeof jiningCounties.features)[number];
    const d = pathOf(frame, tiny);
    // East, north, then back south-west: positive steps take a space, negative ones their sign alone.
    expect(d).to.match(/^M\d+ \d+zM\d+ \d+l\d+ 0 0-\d+-\d+ \d+z$/);
    const el = document.createElementNS('http://www.w3.org/2000/svg', 'path');
    el.setAttribute('d', d);
    // The engine reads on past the first ring: a path it could not read would stop there, at no length.
    expect(el.getTotalLength()).to.be.above(0);
  });
});
