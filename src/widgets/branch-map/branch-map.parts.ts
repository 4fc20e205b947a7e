import { html, nothing, svg } from 'lit';
import { zh } from '../../core/element.js';
import type { Branch } from '../../contract/branch-map.schema.js';

/** A five-pointed star of outer radius 10, centred on 0,0. */
export const STAR = `M${Array.from({ length: 10 }, (_, i) => {
  const r = i % 2 ? 4.2 : 10;
  const a = (Math.PI / 5) * i - Math.PI / 2;
  return `${(r * Math.cos(a)).toFixed(1)} ${(r * Math.sin(a)).toFixed(1)}`;
}).join('L')}Z`;
export const DIAMOND = 'M0-8L8 0L0 8L-8 0Z';

type T = (key: string, vars?: Record<string, string | number>) => string;

/** What the card and the list need from the widget. */
export interface CardProps {
  t: T;
  /** The card title's heading level. */
  level: number;
  starsText: (n: number) => string;
  onKey: (event: KeyboardEvent) => void;
  onClose: () => void;
  /** A branch chosen from the list of branches that share a place. */
  onChoose: (branch: Branch) => void;
}

/** The shapes of the map explained, drawn as on the map. */
export function legendTemplate(t: T) {
  const item = (shape: unknown, cls: string, text: string) =>
    html`<li><svg class="legend-icon ${cls}" viewBox="-12 -12 24 24" aria-hidden="true">${shape}</svg>${text}</li>`;
  return html`<ul class="legend" aria-label=${t('map.legend')}>
    ${item(svg`<path d=${STAR} />`, 'pin stars-5', t('map.legend.five'))}
    ${item(svg`<circle r="6" />`, 'pin stars-3', t('map.legend.other'))}
    ${item(svg`<path d=${DIAMOND} />`, 'pin temporary', t('map.temporary'))}
    ${item(svg`<circle class="disc" r="10" />`, 'cluster', t('map.legend.cluster'))}
  </ul>`;
}

/** The detail card of a branch; `side` is where it floats on wide layouts (start or end). */
export function cardTemplate(b: Branch, side: 'start' | 'end', p: CardProps) {
  const unknown = p.t('map.unknown');
  const row = (key: string, value: unknown) => html`<div><dt>${p.t(key)}</dt><dd>${value ?? unknown}</dd></div>`;
  return html`<div class="card ${side}" part="card" role="dialog" aria-labelledby="card-title" @keydown=${p.onKey}>
    <div id="card-title" class="card-title" role="heading" aria-level=${p.level} tabindex="-1" lang="zh-CN">${b.name}</div>
    <dl>
      ${row('map.unit', zh(b.unit.name))} ${row('map.rating', p.starsText(b.stars))}
      ${b.honors.length ? row('map.honors', zh(b.honors.join('、'))) : nothing}
      ${b.temporary ? row('map.project', b.project ? zh(b.project) : null) : nothing}
      ${row('map.address', b.address && zh(b.address))} ${row('map.members', b.memberCount)}
      ${row('map.secretary', b.secretary && zh(b.secretary))}
    </dl>
    <button class="button close" @click=${p.onClose}>${p.t('map.close')}</button>
  </div>`;
}

/** The branches of a marker that the deepest zoom cannot separate (one building). */
export function listTemplate(items: Branch[], side: 'start' | 'end', p: CardProps) {
  return html`<div class="card ${side}" part="card" role="dialog" aria-labelledby="card-title" @keydown=${p.onKey}>
    <div id="card-title" class="card-title" role="heading" aria-level=${p.level} tabindex="-1">${p.t('map.here', { count: items.length })}</div>
    <ul class="list">
      ${items.map(
        (b) =>
          html`<li><button class="link-button" lang="zh-CN" @click=${() => p.onChoose(b)}>${b.name}</button> ${p.starsText(b.stars)}</li>`,
      )}
    </ul>
    <button class="button close" @click=${p.onClose}>${p.t('map.close')}</button>
  </div>`;
}
