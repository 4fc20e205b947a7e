import type { Messages } from '../../core/i18n.js';

/** The English strings of brand-card: loaded only when a widget resolves to English. */
export default {
  'brand.level.umbrella': 'Umbrella brand',
  'brand.level.brand': 'Party-building brand',
  'brand.level.sub': 'Sub-brand',
  'brand.parent': 'Part of {name}',
  'brand.unit': 'Unit: {name}',
  'brand.honors': 'Honours',
  'brand.subBrands': 'Sub-brands ({count})',
  'brand.subBrands.all': 'Show all {count} sub-brands',
  'brand.subBrands.less': 'Show only the first {count}',
  'brand.summary.more': 'Read more',
  'brand.summary.less': 'Show less',
  'brand.highlights': 'Key figures',
  'brand.details': 'View details',
  'brand.updated': 'Updated {date}',
  'brand.notFound': 'No party-building brand with the id “{id}” was found. Check the brand-id.',
  'brand.noId': 'No brand chosen: set the brand-id attribute to a brand id.',
  'brand.empty': 'This brand has nothing to show yet.',
} satisfies Messages;
