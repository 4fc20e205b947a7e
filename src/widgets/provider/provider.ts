import { define } from '../../core/define.js';
import { DjProvider } from './provider.component.js';

export { DjProvider };
define('dj-provider', DjProvider);
