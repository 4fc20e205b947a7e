import { addMessages, type Messages } from '../../core/i18n.js';

/** Chinese, the kit's default language: always in the bundle. */
export const zhCN: Messages = {
  'lb.caption': '{scope}联系片排名（{period}，按{metric}）',
  'lb.period': '统计周期',
  'lb.periodName': '{year}年第{q}季度',
  'lb.metric': '排名依据',
  'lb.metric.score': '评成效得分',
  'lb.metric.fiveStarShare': '五星率',
  'lb.metric.fiveStarCount': '五星级党支部数',
  'lb.metric.branchCount': '党支部数',
  'lb.col.rank': '排名',
  'lb.col.trend': '较上期',
  'lb.col.group': '联系片',
  'lb.col.leader': '片长单位',
  'lb.col.units': '单位数',
  'lb.col.branchCount': '党支部',
  'lb.col.fiveStarCount': '五星级',
  'lb.col.fiveStarShare': '五星率',
  'lb.col.score': '得分',
  'lb.col.unit': '单位',
  'lb.tied': '并列',
  'lb.up': '上升 {n} 位',
  'lb.down': '下降 {n} 位',
  'lb.same': '名次不变',
  'lb.new': '新',
  'lb.newLong': '上期无数据',
  'lb.redFlag': '流动红旗',
  'lb.guide': '联系领导',
  'lb.liaison': '总联络员',
  'lb.deputies': '副片长单位',
  'lb.none': '无',
  'lb.unitsCaption': '{name}成员单位排名（按{metric}）',
  'lb.noUnits': '该联系片暂无成员单位数据。',
  'lb.showAll': '显示全部 {count} 个联系片',
  'lb.showTop': '只显示前 {count} 名',
  'lb.empty': '该范围、该统计周期暂无联系片排名数据。',
  'lb.notFound': '没有找到该范围或统计周期的排名（scope="{scope}"，period="{period}"），请核对属性。',
};
addMessages('zh-CN', zhCN);
// English is fetched the first time a widget resolves to English (its own module in the loader build).
addMessages('en', () => import('./liaison-leaderboard.messages.en.js'));
