export { aws } from './target.js';
