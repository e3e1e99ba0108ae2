/**
 * vbrwall/render: policies and the renderers of every target.
 * @module
 */
export { renderers, findRenderer, targetNames } from './registry.js';
export { renderPlan } from './render.js';
export type { RenderRequest, RenderOutcome } from './render.js';
export type { Renderer, RenderResult, RenderedFile, RenderOptions, Supports, TargetKind } from './types.js';
export { buildPolicy } from '../policy/build.js';
export type { Policy, Rule, AddressObject, Service, Scope } from '../policy/types.js';
