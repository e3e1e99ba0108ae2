export { srx } from './target.js';
