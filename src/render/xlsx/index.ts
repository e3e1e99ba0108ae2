export { xlsx } from './target.js';
