export { panos } from './target.js';
