import { html, nothing } from 'lit';
import type { Branch } from '../../contract/branch-map.schema.js';

export type SortKey = 'name' | 'stars' | 'memberCount';

/** What the table view needs from the widget. */
export interface TableProps {
  rows: Branch[];
  sortKey: SortKey;
  sortAsc: boolean;
  /** Rows shown; “show more” adds a page. */
  limit: number;
  caption: string;
  t: (key: string, vars?: Record<string, string | number>) => string;
  starsText: (n: number) => string;
  /** The liaison group's name, or undefined when the branch has none. */
  groupName: (id: string | null) => string | undefined;
  onSort: (key: SortKey) => void;
  onShow: (branch: Branch) => void;
  onMore: () => void;
}

/** The branches sorted as the table shows them; names in Chinese collation. */
export function sortRows(shown: Branch[], key: SortKey, asc: boolean): Branch[] {
  const dir = asc ? 1 : -1;
  const value = (b: Branch) => (key === 'name' ? b.name : (b[key] ?? -1));
  return shown.slice().sort((a, b) => {
    const va = value(a);
    const vb = value(b);
    return (typeof va === 'string' ? va.localeCompare(vb as string, 'zh-CN') : va - (vb as number)) * dir;
  });
}

/**
 * The map's accessible twin. Six columns do not fit a phone, so the table
 * scrolls sideways inside its own focusable region rather than squeezing
 * every cell or making the page scroll; short cells (rating, group, members)
 * never wrap.
 */
export function tableTemplate(p: TableProps) {
  const header = (k: SortKey, label: string, cls = '') =>
    html`<th scope="col" class=${cls} aria-sort=${k === p.sortKey ? (p.sortAsc ? 'ascending' : 'descending') : nothing}>
      <button class="sort" @click=${() => p.onSort(k)}>${label}</button>
    </th>`;
  return html`<div class="table-wrap" role="region" tabindex="0" aria-labelledby="table-caption">
      <table part="table">
        <caption id="table-caption" class="visually-hidden">${p.caption}</caption>
        <thead>
          <tr>
            ${header('name', p.t('map.col.name'), 'wide')}
            <th scope="col" class="wide">${p.t('map.col.unit')}</th>
            ${header('stars', p.t('map.col.stars'), 'nowrap')}
            <th scope="col" class="nowrap">${p.t('map.col.group')}</th>
            <th scope="col">${p.t('map.col.project')}</th>
            ${header('memberCount', p.t('map.col.members'), 'nowrap')}
          </tr>
        </thead>
        <tbody>
          ${p.rows.slice(0, p.limit).map(
            (b) => html`<tr>
              <th scope="row"><button class="link-button" data-id=${b.id} lang="zh-CN" @click=${() => p.onShow(b)}>${b.name}</button></th>
              <td lang="zh-CN">${b.unit.name}</td>
              <td class="nowrap">${p.starsText(b.stars)}</td>
              <td class="nowrap" lang="zh-CN">${p.groupName(b.groupId) ?? '—'}</td>
              <td lang="zh-CN">${b.temporary ? (b.project ?? p.t('map.temporary')) : '—'}</td>
              <td class="num nowrap">${b.memberCount ?? '—'}</td>
            </tr>`,
          )}
        </tbody>
      </table>
    </div>
    ${
      p.rows.length > p.limit
        ? html`<button class="link-button more" @click=${p.onMore}>${p.t('map.more', { count: p.rows.length - p.limit })}</button>`
        : nothing
    }
    ${p.rows.length ? nothing : html`<p class="state">${p.t('map.none')}</p>`}`;
}
