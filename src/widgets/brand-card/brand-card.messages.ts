import { addMessages, type Messages } from '../../core/i18n.js';

/** Chinese, the kit's default language: always in the bundle. */
export const zhCN: Messages = {
  'brand.level.umbrella': '党建总品牌',
  'brand.level.brand': '党建品牌',
  'brand.level.sub': '子品牌',
  'brand.parent': '隶属于 {name}',
  'brand.unit': '所属单位：{name}',
  'brand.honors': '所获荣誉',
  'brand.subBrands': '子品牌（{count} 个）',
  'brand.subBrands.all': '显示全部 {count} 个子品牌',
  'brand.subBrands.less': '只显示前 {count} 个',
  'brand.summary.more': '展开全文',
  'brand.summary.less': '收起',
  'brand.highlights': '主要数据',
  'brand.details': '查看详情',
  'brand.updated': '更新于 {date}',
  'brand.notFound': '未找到编号为“{id}”的党建品牌，请核对 brand-id。',
  'brand.noId': '未指定要显示的党建品牌：请在 brand-id 属性中填写品牌编号。',
  'brand.empty': '该党建品牌暂无可显示的内容。',
};
addMessages('zh-CN', zhCN);
// English is fetched the first time a widget resolves to English (its own module in the loader build).
addMessages('en', () => import('./brand-card.messages.en.js'));
