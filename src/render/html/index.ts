export { html } from './target.js';
