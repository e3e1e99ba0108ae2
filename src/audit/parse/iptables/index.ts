export { iptables } from './target.js';
