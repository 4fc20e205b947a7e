import { define } from '../../core/define.js';
import { DjDeskLists } from './desk-lists.component.js';

export { DjDeskLists };
define('dj-desk-lists', DjDeskLists);

declare global {
  interface HTMLElementTagNameMap {
    'dj-desk-lists': DjDeskLists;
  }
}
