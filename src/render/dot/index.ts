export { dot } from './target.js';
