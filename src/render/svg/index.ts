export { svg } from './target.js';
