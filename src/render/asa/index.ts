export { asa } from './target.js';
