export { firewalld } from './target.js';
