export { azure } from './target.js';
