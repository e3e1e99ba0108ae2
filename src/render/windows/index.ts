export { windows } from './target.js';
