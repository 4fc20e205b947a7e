import { define } from '../../core/define.js';
import { DjLiaisonLeaderboard } from './liaison-leaderboard.component.js';

export { DjLiaisonLeaderboard };
export { Leaderboard, LiaisonGroup, MemberUnit, Figures } from '../../contract/liaison.schema.js';
export { METRICS, type Metric } from './ranking.js';
define('dj-liaison-leaderboard', DjLiaisonLeaderboard);
