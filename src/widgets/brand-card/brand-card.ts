import { define } from '../../core/define.js';
import { DjBrandCard } from './brand-card.component.js';

export { DjBrandCard };
export type { BrandCardLayout } from './brand-card.component.js';
export { Brand } from '../../contract/brand.schema.js';
define('dj-brand-card', DjBrandCard);
