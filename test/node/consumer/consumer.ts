// A portal's TypeScript, compiled against the published types only: the tag
// map, the event map and configure() must type-check as documented.
import { configure, type DjEventDetails } from 'dj-widgets';
import 'dj-widgets/brand-card';

configure({ endpoint: '/dj-api/v1', headers: { 'X-Portal-Key': 'k' }, messages: { en: { retry: 'Retry' } } });

const card = document.querySelector('dj-brand-card')!;
card.brandId = 'chengshen-weigong';
card.layout = 'horizontal';
card.large = true;
card.addEventListener('dj-brand-select', (event) => {
  const id: string = event.detail.id;
  if (id) event.preventDefault();
});
document.addEventListener('dj-error', (event) => {
  const detail: DjEventDetails['dj-error'] = event.detail;
  console.log(detail.kind, detail.status, detail.message, detail.url);
});

// @ts-expect-error layout only takes the documented values
card.layout = 'grid';

import 'dj-widgets/liaison-leaderboard';

const board = document.querySelector('dj-liaison-leaderboard')!;
board.scope = 'yanzhou';
board.metric = 'fiveStarShare';
board.limit = 5;
board.addEventListener('dj-group-select', (event) => {
  const { id, period }: { id: string; period: string } = event.detail;
  if (id && period) event.preventDefault();
});

// @ts-expect-error metric only takes the four metrics
board.metric = 'votes';

import 'dj-widgets/branch-map';

const map = document.querySelector('dj-branch-map')!;
map.region = '370812';
map.minStars = 5;
map.tileUrl = 'https://t0.tianditu.gov.cn/vec_w/wmts?tk=KEY&x={x}&y={y}&l={z}';
map.addEventListener('dj-branch-select', (event) => {
  const id: string = event.detail.id;
  console.log(id);
});

import 'dj-widgets/open-day-booking';

const booking = document.querySelector('dj-open-day-booking')!;
booking.openDayId = 'od-2026-12-yz-gov';
booking.view = 'lookup';
booking.retentionDays = 30;
booking.addEventListener('dj-booking-confirm', (event) => {
  const { code, openDayId, sessionId }: { code: string; openDayId: string; sessionId: string } = event.detail;
  console.log(code, openDayId, sessionId);
});
document.addEventListener('dj-booking-cancel', (event) => {
  const code: string = event.detail.code;
  console.log(code);
});

// @ts-expect-error view only takes book or lookup
booking.view = 'cancel';
