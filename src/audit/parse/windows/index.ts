export { netsh, windowsJson } from './target.js';
