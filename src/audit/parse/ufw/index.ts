export { ufw } from './target.js';
