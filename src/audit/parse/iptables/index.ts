export { ip6tables, iptables } from './target.js';
