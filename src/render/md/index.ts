export { md } from './target.js';
