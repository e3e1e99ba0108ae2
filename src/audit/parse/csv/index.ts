export { csv } from './target.js';
