export { aerleon } from './target.js';
