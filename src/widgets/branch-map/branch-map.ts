import { define } from '../../core/define.js';
import { DjBranchMap } from './branch-map.component.js';

export { DjBranchMap };
export { Branch, Branches, RegionFeature, Regions } from '../../contract/branch-map.schema.js';
define('dj-branch-map', DjBranchMap);
