export { nftables, nftablesJson } from './target.js';
