export { nftables } from './target.js';
