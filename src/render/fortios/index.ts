export { fortios } from './target.js';
