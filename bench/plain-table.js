/**
 * The plain twin of <dj-liaison-leaderboard> for the benchmark: no Lit, no
 * validation, no shadow DOM. It starts from the same JSON text, ranks with
 * the same rules (a plain-JS copy of src/widgets/liaison-leaderboard/ranking.ts)
 * and writes the same markup (toolbar, caption, header, rows with the same
 * cells, classes, attributes, zh-CN text and the spaces between inline
 * elements that the widget's templates keep) as ONE innerHTML string. A
 * header click re-ranks and rewrites the whole string.
 *
 * The bench page checks that this twin's DOM matches the widget's (elements,
 * attributes, text) before it measures anything, so a change to the widget's
 * markup shows up as a failed check instead of an unfair comparison.
 */

export const METRICS = ['score', 'fiveStarShare', 'fiveStarCount', 'branchCount'];
/** The metric columns in table order, as in the widget. */
const COLUMNS = ['branchCount', 'fiveStarCount', 'fiveStarShare', 'score'];
/** Index of the first metric column in a header row. */
const FIRST_METRIC_CELL = 5;

const T = {
  caption: (scope, period, metric) => `${scope}联系片排名（${period}，按${metric}）`,
  period: '统计周期',
  periodName: (year, q) => `${year}年第${q}季度`,
  metric: '排名依据',
  metricName: { score: '评成效得分', fiveStarShare: '五星率', fiveStarCount: '五星级党支部数', branchCount: '党支部数' },
  col: {
    rank: '排名',
    trend: '较上期',
    group: '联系片',
    leader: '片长单位',
    units: '单位数',
    branchCount: '党支部',
    fiveStarCount: '五星级',
    fiveStarShare: '五星率',
    score: '得分',
  },
  tied: '并列',
  up: (n) => `上升 ${n} 位`,
  down: (n) => `下降 ${n} 位`,
  same: '名次不变',
  new: '新',
  newLong: '上期无数据',
  redFlag: '流动红旗',
};

const ESC = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };
/** Data goes into the string escaped, as Lit's bindings are safe by construction. */
const esc = (s) => String(s).replace(/[&<>"]/g, (c) => ESC[c]);

// --- ranking: same rules as ranking.ts -------------------------------------

function metricValue(f, metric) {
  if (metric !== 'fiveStarShare') return f[metric];
  return f.branchCount ? f.fiveStarCount / f.branchCount : 0;
}

const same = (a, b) => Math.abs(a - b) < 1e-9;

function rank(items, value) {
  const sorted = items.map((item, i) => ({ item, v: value(item), i })).sort((a, b) => b.v - a.v || a.i - b.i);
  const out = [];
  sorted.forEach((s, i) => {
    const prev = out[i - 1];
    const tie = i > 0 && same(sorted[i - 1].v, s.v);
    if (tie) prev.tied = true;
    out.push({ item: s.item, rank: tie ? prev.rank : i + 1, tied: tie });
  });
  return out;
}

function trends(ranked, metric) {
  const now = new Map(ranked.map((r) => [r.item.id, r.rank]));
  const before = rank(
    ranked.map((r) => r.item).filter((i) => i.previous),
    (i) => metricValue(i.previous, metric),
  );
  return new Map(before.map((r) => [r.item.id, r.rank - now.get(r.item.id)]));
}

// --- markup -----------------------------------------------------------------

const percent = (share) => `${(share * 100).toFixed(1)}%`;
/** A column name kept whole between spaces, as the widget's words(). */
const words = (text) =>
  text
    .split(/(\s+)/)
    .map((part) => (part.trim() ? `<span class="word">${part}</span>` : part))
    .join('');
/** A column's name inside its cell (hidden by the table layout, shown by the cards). */
const label = (key) => `<span class="label">${words(T.col[key])}</span>`;

function periodName(period) {
  const match = /^(\d{4})Q([1-4])$/.exec(period);
  return match ? T.periodName(match[1], '一二三四'[+match[2] - 1]) : period;
}

function toolbar(board, metric) {
  const periods = [...new Set([...board.periods, board.period])].sort().reverse();
  let s = `<div class="toolbar" part="toolbar"><label class="field"><span>${T.period}</span> <select>`;
  for (const p of periods) s += `<option value="${esc(p)}"${p === board.period ? ' selected' : ''}>${esc(periodName(p))}</option>`;
  s += `</select></label> <label class="field"><span>${T.metric}</span> <select>`;
  for (const m of METRICS) s += `<option value="${m}"${m === metric ? ' selected' : ''}>${T.metricName[m]}</option>`;
  return s + '</select></label></div>';
}

function figures(f) {
  const share = metricValue(f, 'fiveStarShare');
  return (
    `<td class="c-branchCount num">${label('branchCount')}<span class="value">${f.branchCount}</span></td>` +
    `<td class="c-fiveStarCount num">${label('fiveStarCount')}<span class="value">${f.fiveStarCount}</span></td>` +
    `<td class="c-fiveStarShare">${label('fiveStarShare')}<span class="share value">` +
    `<svg class="bar" aria-hidden="true" focusable="false"><rect width="${(share * 100).toFixed(1)}%" height="100%"></rect></svg>` +
    `${percent(share)}</span></td>` +
    `<td class="c-score num">${label('score')}<span class="value">${f.score.toFixed(1)}</span></td>`
  );
}

function trend(moved) {
  const [cls, shown, said] =
    moved === undefined
      ? ['new', T.new, T.newLong]
      : moved > 0
        ? ['up', `↑${moved}`, T.up(moved)]
        : moved < 0
          ? ['down', `↓${-moved}`, T.down(-moved)]
          : ['same', '—', T.same];
  return `<span class="trend ${cls}"><span aria-hidden="true">${shown}</span><span class="visually-hidden">${said}</span></span>`;
}

const FLAG = `<span class="flag"><svg aria-hidden="true" viewBox="0 0 16 16"><path d="M3 1v14M3 2h9l-2 3 2 3H3"></path></svg>${T.redFlag}</span>`;

function row({ item: g, rank, tied }, moved) {
  return (
    `<tr part="row" data-id="${esc(g.id)}" class="${rank <= 3 ? `top top-${rank}` : ''}">` +
    `<td class="c-rank"><span class="rank">${rank}</span>${tied ? `<span class="tie">${T.tied}</span>` : ''}</td>` +
    `<td class="c-trend">${label('trend')}${trend(moved)}</td>` +
    `<th scope="row" class="c-group"><button class="name" lang="zh-CN" aria-expanded="false">${esc(g.name)}</button> ${g.redFlag ? FLAG : ''}</th>` +
    `<td class="c-leader" lang="zh-CN">${esc(g.leaderUnit.name)}</td>` +
    `<td class="c-units num">${label('units')}<span class="value">${g.units.length}</span></td>` +
    figures(g) +
    '</tr>'
  );
}

/** The whole widget's content as one string. */
export function boardHtml(board, metric, ascending) {
  const ranked = rank(board.items, (g) => metricValue(g, metric));
  const moved = trends(ranked, metric);
  const ordered = ascending ? ranked.slice().reverse() : ranked;
  // The scope's name is data, marked as Chinese as the widget marks it (zh()).
  const caption = T.caption(`<span lang="zh-CN">${esc(board.scope.name)}</span>`, periodName(board.period), T.metricName[metric]);
  let s =
    `<div part="base" tabindex="-1" class="base theme-light" lang="zh-CN">${toolbar(board, metric)}` +
    `<div aria-busy="true"><div class="board-frame"><table class="board" part="table"><caption>${caption}</caption>` +
    `<thead><tr><th scope="col" class="c-rank">${words(T.col.rank)}</th><th scope="col" class="c-trend">${words(T.col.trend)}</th>` +
    `<th scope="col">${words(T.col.group)}</th><th scope="col">${words(T.col.leader)}</th>` +
    `<th scope="col" class="num">${words(T.col.units)}</th>`;
  for (const key of COLUMNS) {
    const active = key === metric;
    s +=
      `<th scope="col" class="num"${active ? ` aria-sort="${ascending ? 'ascending' : 'descending'}"` : ''}>` +
      `<button class="sort"><span>${words(T.col[key])}</span>` +
      `<span class="arrow" aria-hidden="true">${active ? (ascending ? '▲' : '▼') : '↕'}</span></button></th>`;
  }
  s += '</tr></thead><tbody>';
  for (const r of ordered) s += row(r, moved.get(r.item.id));
  return s + '</tbody></table></div></div></div>';
}

/**
 * Parses `json`, renders it into `host` by score and sorts on header clicks
 * (the active header flips the order), like the widget.
 */
export function mountPlain(host, json) {
  const board = JSON.parse(json);
  let metric = 'score';
  let ascending = false;
  host.innerHTML = boardHtml(board, metric, ascending);
  host.addEventListener('click', (event) => {
    const button = event.target.closest('button.sort');
    if (!button) return;
    const key = COLUMNS[button.parentElement.cellIndex - FIRST_METRIC_CELL];
    if (key === metric) ascending = !ascending;
    else {
      metric = key;
      ascending = false;
    }
    host.innerHTML = boardHtml(board, metric, ascending);
  });
}
