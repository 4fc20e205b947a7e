import { expect } from '@open-wc/testing';
import * as v from 'valibot';
import {
  branches,
  branchesResponse,
  countyOf,
  filterBranches,
  generateBranches,
  groupsOf,
  liaisonGroups,
  pointInRegion,
  RENCHENG,
  YANZHOU,
} from '../src/demo/branches.js';
import { hostileBranches, hostileRegions } from '../src/demo/hostile.js';
import { countySeats, jiningCounties, regionOf } from '../src/demo/jining-counties.js';
import { describeIssue } from '../src/core/schema.js';
import { Branch, Branches, Regions, type RegionFeature } from '../src/contract/branch-map.schema.js';
import './support/setup.js';

const ADCODES = ['370811', '370812', '370826', '370827', '370828', '370829', '370830', '370831', '370832', '370881', '370883'];
const featureOf = (adcode: string) => jiningCounties.features.find((f) => f.properties.adcode === adcode)!;

/** The county a demo branch belongs in, from its unit: Yanzhou's in 兖州区, the city's offices in 任城区, a county's own. */
function homeCounty(b: Branch): string | null {
  if (b.unit.id.startsWith('yz-')) return YANZHOU;
  if (b.unit.id.startsWith('jn-')) return b.temporary ? null : RENCHENG;
  return b.unit.id.slice(0, 6);
}

const square = (x0: number, y0: number, x1: number, y1: number): [number, number][] => [
  [x0, y0],
  [x1, y0],
  [x1, y1],
  [x0, y1],
  [x0, y0],
];

describe('pointInRegion', () => {
  const donut: RegionFeature = {
    type: 'Feature',
    properties: { adcode: 'x', name: 'x' },
    geometry: { type: 'Polygon', coordinates: [square(0, 0, 10, 10), square(4, 4, 6, 6)] },
  };
  const islands: RegionFeature = {
    type: 'Feature',
    properties: { adcode: 'y', name: 'y' },
    geometry: { type: 'MultiPolygon', coordinates: [[square(0, 0, 1, 1)], [square(5, 5, 8, 8), square(6, 6, 7, 7)]] },
  };

  it('is inside a polygon, outside its hole and outside the polygon', () => {
    expect(pointInRegion(2, 2, donut)).to.equal(true);
    expect(pointInRegion(5, 5, donut)).to.equal(false);
    expect(pointInRegion(11, 5, donut)).to.equal(false);
    expect(pointInRegion(5, -1, donut)).to.equal(false);
  });

  it('is inside any polygon of a MultiPolygon, never in a hole or between them', () => {
    expect(pointInRegion(0.5, 0.5, islands)).to.equal(true);
    expect(pointInRegion(5.5, 7.5, islands)).to.equal(true);
    expect(pointInRegion(6.5, 6.5, islands)).to.equal(false);
    expect(pointInRegion(3, 3, islands)).to.equal(false);
  });

  it('finds each county from its seat of government, and nothing outside Jining', () => {
    for (const [adcode, { seat }] of Object.entries(countySeats)) expect(countyOf(seat[0], seat[1]), adcode).to.equal(adcode);
    // 兖州区's seat of government, and where the earlier, shifted outlines had it (now in 曲阜市).
    expect(countyOf(116.82348, 35.55669)).to.equal(YANZHOU);
    expect(countyOf(116.9022, 35.68176)).to.not.equal(YANZHOU);
    expect(countyOf(117.0, 37.0)).to.equal(undefined);
    expect(countyOf(120.0, 35.5)).to.equal(undefined);
  });
});

describe('Jining county boundaries', () => {
  it('are in WGS-84: 兖州区’s seat near 116.82 E, 35.56 N, the city’s western edge (梁山县) near 115.87 E', () => {
    const [lng, lat] = countySeats[YANZHOU].seat;
    expect(lng).to.be.closeTo(116.82, 0.01);
    expect(lat).to.be.closeTo(35.56, 0.01);
    const vertices = (f: RegionFeature) => (f.geometry.type === 'Polygon' ? f.geometry.coordinates : f.geometry.coordinates.flat()).flat();
    const westOf = (f: RegionFeature) => Math.min(...vertices(f).map(([x]) => x));
    const west = Math.min(...jiningCounties.features.map(westOf));
    expect(west).to.be.closeTo(115.87, 0.01);
    expect(westOf(featureOf('370832'))).to.equal(west);
  });

  it('are the 11 counties, each a valid Regions feature', () => {
    expect(
      v
        .parse(Regions, jiningCounties)
        .features.map((f) => f.properties.adcode)
        .sort(),
    ).to.deep.equal(ADCODES);
    expect(featureOf(YANZHOU).properties.name).to.equal('兖州区');
    expect(featureOf(RENCHENG).properties.name).to.equal('任城区');
  });

  it('regionOf gives the city, one county, or nothing', () => {
    expect(regionOf('370800')!.features).to.have.length(11);
    expect(regionOf(YANZHOU)!.features.map((f) => f.properties.name)).to.deep.equal(['兖州区']);
    expect(regionOf('999999')).to.equal(undefined);
    expect(regionOf('')).to.equal(undefined);
  });
});

describe('demo branches', () => {
  it('are at least 150, with unique ids, and match the Branch schema', () => {
    expect(branches.length).to.be.at.least(150);
    expect(new Set(branches.map((b) => b.id)).size).to.equal(branches.length);
    for (const b of branches) v.parse(Branch, b);
    v.parse(Branches, branchesResponse(branches));
  });

  it('lie inside their county polygon, one of the 11', () => {
    for (const b of branches) {
      const { lng, lat } = b.location;
      const county = countyOf(lng, lat);
      expect(ADCODES, `${b.id} ${b.name} at ${lng},${lat}`).to.include(county);
      expect(pointInRegion(lng, lat, featureOf(county!)), b.id).to.equal(true);
      const home = homeCounty(b);
      if (home) expect(county, `${b.id} ${b.name}`).to.equal(home);
    }
  });

  it('are placed where planned, none dropped on its county’s seat because the plan fell outside', () => {
    const seats = Object.values(countySeats).map(({ seat }) => `${seat[0]},${seat[1]}`);
    const onSeat = branches.filter((b) => seats.includes(`${b.location.lng},${b.location.lat}`));
    expect(onSeat.map((b) => b.name)).to.deep.equal([]);
  });

  it('cover every county, densest in 兖州区', () => {
    const perCounty = new Map<string, number>();
    for (const b of branches) {
      const c = countyOf(b.location.lng, b.location.lat)!;
      perCounty.set(c, (perCounty.get(c) ?? 0) + 1);
    }
    expect([...perCounty.keys()].sort()).to.deep.equal(ADCODES);
    const most = [...perCounty.entries()].sort((a, b) => b[1] - a[1])[0];
    expect(most[0]).to.equal(YANZHOU);
    for (const c of ADCODES) expect(perCounty.get(c), c).to.be.at.least(3);
  });

  it('give 兖州区 exactly 120 five-star branches, all of Yanzhou units, and lower-rated ones', () => {
    const inYanzhou = branches.filter((b) => countyOf(b.location.lng, b.location.lat) === YANZHOU);
    const five = inYanzhou.filter((b) => b.stars === 5);
    expect(five).to.have.length(120);
    expect(five.every((b) => b.unit.id.startsWith('yz-') && b.groupId === b.unit.id.replace(/-u\d+$/, ''))).to.equal(true);
    expect(inYanzhou.some((b) => b.stars < 5)).to.equal(true);
    const names = five.map((b) => b.name);
    expect(names).to.include('区财政局机关第一党支部');
    expect(names).to.include('区委办公室党支部');
  });

  it('give the party-mass system (group 1) 38 branches, 21 five-star', () => {
    const group1 = branches.filter((b) => b.groupId === 'yz-g1');
    expect(group1).to.have.length(38);
    expect(group1.filter((b) => b.stars === 5)).to.have.length(21);
  });

  it('give 市审计局 7 five-star branches, 2 of them 百强特色党支部', () => {
    const audit = branches.filter((b) => b.unit.name === '市审计局' && !b.temporary);
    expect(audit).to.have.length(7);
    expect(audit.every((b) => b.stars === 5 && b.groupId === 'jn-g2')).to.equal(true);
    expect(audit.filter((b) => b.honors.includes('百强特色党支部'))).to.have.length(2);
  });

  it('include temporary branches on the seeds’ key projects, and only they have a project', () => {
    const temporary = branches.filter((b) => b.temporary);
    expect(temporary.length).to.be.at.least(10);
    expect(temporary.every((b) => typeof b.project === 'string' && b.project.length > 0)).to.equal(true);
    expect(branches.filter((b) => !b.temporary).every((b) => b.project === null)).to.equal(true);
    const where = (project: string) => {
      const b = temporary.find((t) => t.project!.includes(project));
      expect(b, project).to.exist;
      return countyOf(b!.location.lng, b!.location.lat);
    };
    expect(where('宁德时代济宁基地项目')).to.equal(YANZHOU);
    expect(where('麦香田园·幸福管口')).to.equal(YANZHOU);
    for (const p of [
      '济宁市主城区城建重点项目建设指挥部',
      '内环高架',
      '济宁大道东延',
      '任城路-王母阁路升级改造及综合管廊工程',
      '洸府河景观建设项目',
      '王母阁跨线桥工程',
    ])
      expect(where(p)).to.equal(RENCHENG);
  });

  it('link units to the liaison groups of liaison-groups.ts, and county units to none', () => {
    for (const b of branches) {
      if (/^(yz|jn)-/.test(b.unit.id)) expect(b.groupId, b.id).to.equal(b.unit.id.replace(/-u\d+$/, ''));
      else expect(b.groupId, b.id).to.equal(null);
    }
    expect(branches.find((b) => b.unit.name === '区财政局')!.groupId).to.equal('yz-g4');
  });

  it('leave address, member count or secretary empty for some', () => {
    expect(branches.some((b) => b.address === null)).to.equal(true);
    expect(branches.some((b) => b.memberCount === null)).to.equal(true);
    expect(branches.some((b) => b.secretary === null)).to.equal(true);
    expect(branches.some((b) => b.address && b.memberCount && b.secretary)).to.equal(true);
  });
});

describe('branchesResponse and filterBranches', () => {
  it('count the items, their stars and the temporary ones', () => {
    const body = branchesResponse(branches);
    expect(body.total).to.equal(branches.length);
    const { byStars, temporary } = body.summary;
    expect(Object.values(byStars).reduce((a, b) => a + b, 0)).to.equal(branches.length);
    expect(byStars['5']).to.equal(branches.filter((b) => b.stars === 5).length);
    expect(byStars['1']).to.equal(branches.filter((b) => b.stars === 1).length);
    expect(temporary).to.equal(branches.filter((b) => b.temporary).length);
    expect(branchesResponse([])).to.deep.equal({
      items: [],
      groups: [],
      total: 0,
      summary: { byStars: { 1: 0, 2: 0, 3: 0, 4: 0, 5: 0 }, temporary: 0 },
    });
  });

  it('name every liaison group the items name, the city’s 市直 groups first, each in its own order', () => {
    const body = branchesResponse(branches);
    const ordinals = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '十一'];
    expect(body.groups.map((g) => g.name)).to.deep.equal([
      ...ordinals.slice(0, 9).map((n) => `市直第${n}联系片`),
      ...ordinals.map((n) => `区直第${n}联系片`),
    ]);
    expect(body.groups.slice(9, 12).map((g) => g.id)).to.deep.equal(['yz-g1', 'yz-g2', 'yz-g3']);
    expect(body.groups.find((g) => g.id === 'yz-g10')!.name).to.equal('区直第十联系片');
    expect(liaisonGroups).to.have.length(20);
    const yz10 = branchesResponse(filterBranches(branches, { region: YANZHOU, group: 'yz-g10' }));
    expect(yz10.groups).to.deep.equal([{ id: 'yz-g10', name: '区直第十联系片' }]);
    const county = branchesResponse(filterBranches(branches, { region: '370831' }));
    expect(county.groups, '泗水县: only county units, in no group').to.deep.equal([]);
  });

  it('name a group they do not know by its id, after the known ones', () => {
    const [a, b] = branches.filter((x) => x.groupId === 'yz-g2');
    const odd = { ...a, groupId: 'x-9' };
    expect(groupsOf([odd, b, a])).to.deep.equal([
      { id: 'yz-g2', name: '区直第二联系片' },
      { id: 'x-9', name: 'x-9' },
    ]);
    expect(groupsOf([b], [{ id: 'yz-g2', name: '二片' }])).to.deep.equal([{ id: 'yz-g2', name: '二片' }]);
  });

  it('filter by region, group and minimum stars', () => {
    expect(filterBranches(branches, { region: '370800' })).to.have.length(branches.length);
    const g4 = filterBranches(branches, { region: YANZHOU, group: 'yz-g4', minStars: 4 });
    expect(g4.length).to.be.greaterThan(0);
    expect(g4.every((b) => b.groupId === 'yz-g4' && b.stars >= 4)).to.equal(true);
    expect(filterBranches(branches, { region: '370831' }).every((b) => countyOf(b.location.lng, b.location.lat) === '370831')).to.equal(
      true,
    );
  });
});

describe('generateBranches', () => {
  it('puts 2,000 branches inside their county, over all 11, each a valid Branch', () => {
    const set = generateBranches(2000);
    expect(set).to.have.length(2000);
    const seen = new Set<string>();
    for (const b of set) {
      v.parse(Branch, b);
      const home = /^gen-(\d{6})-/.exec(b.id)![1];
      expect(ADCODES).to.include(home);
      expect(pointInRegion(b.location.lng, b.location.lat, featureOf(home)), b.id).to.equal(true);
      expect(countyOf(b.location.lng, b.location.lat), b.id).to.equal(home);
      seen.add(home);
    }
    expect([...seen].sort()).to.deep.equal(ADCODES);
  });

  it('is the same for the same seed and differs for another', () => {
    expect(generateBranches(50, 7)).to.deep.equal(generateBranches(50, 7));
    expect(generateBranches(50, 7)).not.to.deep.equal(generateBranches(50, 8));
  });

  it('makes 10,000 in well under a second', () => {
    const start = performance.now();
    const set = generateBranches(10000, 3);
    const ms = performance.now() - start;
    expect(set).to.have.length(10000);
    expect(ms, `${ms.toFixed(0)} ms`).to.be.below(1000);
  });
});

describe('hostile bodies', () => {
  it('match the schemas, with markup in every text field', () => {
    const body = v.parse(Branches, hostileBranches);
    for (const b of body.items)
      for (const text of [b.id, b.name, b.unit.id, b.unit.name, b.groupId, b.address, b.secretary, ...b.honors])
        expect(text).to.contain('<script>');
    expect(body.items.some((b) => b.project?.includes('<img'))).to.equal(true);
    expect(body.groups.length).to.be.greaterThan(0);
    for (const g of body.groups) expect(g.name).to.contain('<script>');
    const regions = v.parse(Regions, hostileRegions);
    expect(regions.features.every((f) => f.properties.name.includes('<script>') && f.properties.adcode.includes('onerror'))).to.equal(true);
  });
});

describe('mock endpoint for the branch map', () => {
  const get = async (path: string) => {
    const res = await fetch(path);
    return { res, body: res.status === 204 ? null : await res.json() };
  };

  it('serves the 11 counties for /regions/370800, with an ETag', async () => {
    const { res, body } = await get('/dj-api/v1/regions/370800');
    expect(res.status).to.equal(200);
    expect(res.headers.get('ETag')).to.match(/^W\/"/);
    expect(v.parse(Regions, body).features).to.have.length(11);
  });

  it('serves one county for its adcode', async () => {
    const { body } = await get('/dj-api/v1/regions/370812');
    expect(body.features.map((f: RegionFeature) => f.properties.name)).to.deep.equal(['兖州区']);
  });

  it('answers an unknown region with a 404 problem', async () => {
    const { res, body } = await get('/dj-api/v1/regions/999999');
    expect(res.status).to.equal(404);
    expect(res.headers.get('Content-Type')).to.contain('application/problem+json');
    expect(body.status).to.equal(404);
    expect(body.detail).to.contain('999999');
  });

  it('serves only Yanzhou branches for region=370812', async () => {
    const { res, body } = await get('/dj-api/v1/branches?region=370812');
    expect(res.status).to.equal(200);
    const parsed = v.parse(Branches, body);
    expect(parsed.items.length).to.be.greaterThan(150);
    expect(parsed.items.every((b) => countyOf(b.location.lng, b.location.lat) === YANZHOU)).to.equal(true);
    expect(parsed.total).to.equal(parsed.items.length);
    expect(parsed.summary.byStars['5']).to.equal(120);
    expect(parsed.groups.map((g) => g.name).slice(0, 3)).to.deep.equal(['区直第一联系片', '区直第二联系片', '区直第三联系片']);
    expect(parsed.groups).to.have.length(11);
  });

  it('serves every demo branch for region=370800', async () => {
    const { body } = await get('/dj-api/v1/branches?region=370800');
    expect(body.total).to.equal(branches.length);
  });

  it('filters by minStars and group', async () => {
    const { body } = await get('/dj-api/v1/branches?region=370800&minStars=5');
    const parsed = v.parse(Branches, body);
    expect(parsed.items.length).to.equal(branches.filter((b) => b.stars === 5).length);
    expect(parsed.items.every((b) => b.stars === 5)).to.equal(true);
    expect(parsed.summary.byStars).to.deep.equal({ 1: 0, 2: 0, 3: 0, 4: 0, 5: parsed.total });

    const audit = await get('/dj-api/v1/branches?region=370811&group=jn-g2&minStars=5');
    expect(audit.body.items.every((b: Branch) => b.groupId === 'jn-g2' && b.stars === 5)).to.equal(true);
    expect(audit.body.items.filter((b: Branch) => b.unit.name === '市审计局')).to.have.length(7);
    expect(audit.body.groups).to.deep.equal([{ id: 'jn-g2', name: '市直第二联系片' }]);
  });

  it('answers an unknown region with 404 and a bad minStars with 400', async () => {
    const region = await get('/dj-api/v1/branches?region=999999');
    expect(region.res.status).to.equal(404);
    expect(region.res.headers.get('Content-Type')).to.contain('application/problem+json');
    for (const bad of ['0', '6', 'abc', '2.5']) {
      const { res, body } = await get(`/dj-api/v1/branches?region=370800&minStars=${bad}`);
      expect(res.status, bad).to.equal(400);
      expect(body.errors[0].field).to.equal('minStars');
    }
  });

  it('serves the generated sets under /dj-api/gen/1000 and /dj-api/gen/10000', async () => {
    const small = await get('/dj-api/gen/1000/branches?region=370800');
    expect(small.body.total).to.equal(1000);
    const big = await get('/dj-api/gen/10000/branches?region=370812');
    expect(big.body.total).to.be.within(1000, 10000);
    expect(big.body.items.every((b: Branch) => b.id.startsWith('gen-370812-'))).to.equal(true);
    const regions = await get('/dj-api/gen/10000/regions/370800');
    expect(regions.body.features).to.have.length(11);
    expect((await get('/dj-api/gen/5/branches?region=370800')).res.status).to.equal(404);
  });

  it('breaks the contract where the widget’s message will say, under the schema fault', async () => {
    const firstIssue = (schema: v.GenericSchema, body: unknown) => {
      const result = v.safeParse(schema, body);
      expect(result.success).to.equal(false);
      return describeIssue(result.issues![0]);
    };
    const b = await get('/dj-api/fault/schema/branches?region=370812');
    expect(firstIssue(Branches, b.body)).to.equal('items[3].location.lat: expected number');
    const r = await get('/dj-api/fault/schema/regions/370812');
    expect(firstIssue(Regions, r.body)).to.equal('features[2].properties.name: expected string');
  });

  it('serves proper happy and hostile bodies under the fault endpoints', async () => {
    const slow = await fetch('/dj-api/fault/slow/regions/370812').then((r) => r.json());
    expect(v.parse(Regions, slow).features).to.have.length(1);
    const hostile = await get('/dj-api/fault/injection/branches?region=370800');
    expect(v.parse(Branches, hostile.body).items[0].name).to.contain('<script>');
    const regions = await get('/dj-api/fault/injection/regions/370800');
    expect(v.parse(Regions, regions.body).features[0].properties.name).to.contain('<script>');
  });
});
