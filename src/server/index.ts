/**
 * The local web server of `vbrwall serve`: the page and its JSON API.
 * @module
 */
export { startServer, isLoopback, DEFAULT_HOST, DEFAULT_PORT, DEFAULT_MAX_BODY, WEB_ROOT } from './server.js';
export type { ServeOptions, RunningServer } from './server.js';
export { CSP, SECURITY_HEADERS } from './http.js';
export type * from './api-types.js';
