export { mermaid } from './target.js';
