/**
 * vbrwall: the firewall rules a segmented Veeam Backup & Replication v13 deployment needs.
 * The library behind the CLI and the web page: catalog, model, plan and checks here;
 * renderers in `vbrwall/render`, the audit in `vbrwall/audit`.
 * @module
 * @example
 * ```ts
 * import { loadDeployment, buildPlan, planToJson } from 'vbrwall';
 * const loaded = loadDeployment(yamlText, 'site.yaml');
 * if (loaded.ok) console.log(JSON.stringify(planToJson(buildPlan(loaded.value.deployment)), null, 2));
 * ```
 */
export { CATALOG, ERRATA, ROLES, ROLE_NAMES, CLASSES, FEATURES, FEATURE_INFO, catalogEntry } from './catalog/index.js';
export type { CatalogEntry, Conditions, Erratum, Feature, Phase, Protocol, Role, SourceRef, SeedRef } from './catalog/index.js';
export { loadDeployment } from './model/load.js';
export type { Loaded } from './model/load.js';
export { DeploymentSpec, deploymentJsonSchema } from './model/schema.js';
export type { Deployment, Host, Zone } from './model/types.js';
export { buildPlan, flowsWithPort } from './plan/plan.js';
export { planToJson } from './plan/json.js';
export { formatPlanTable, formatPlanCsv, formatPlanMarkdown } from './plan/format.js';
export type { Plan, Flow, FlowReason, PlanOptions, AppliedDefault } from './plan/types.js';
export { runChecks, CHECKS, formatChecks } from './checks/index.js';
export type { Finding, Check } from './checks/index.js';
export type { Diagnostic, Result, Severity } from './diag/diagnostic.js';
export { formatDiagnostics, locateDiagnostics } from './diag/format.js';
export type { DiagCode } from './diag/codes.js';
export { run } from './cli/main.js';
