/**
 * Per-installation runtime contexts: each installation's model, similar index, trainer and importer over its scoped
 * store, loaded on first use and kept within TRIAGE_MEMORY_BUDGET_MB (least recently used evicted first).
 */
export {
  TenantDirectory,
  TenantDirectoryClosedError,
  type Resident,
  type TenantDirectoryEvents,
  type TenantDirectoryOptions,
  type TenantDirectoryStats,
  type TenantLease,
} from './tenant-directory.ts';
export { tenantFactory, type Tenant, type TenantFactoryOptions, type TenantStore } from './tenant.ts';
export { loadInstallations, type LoadReport } from './load-installations.ts';
export { serverTenants, type ServerTenants } from './server-tenants.ts';
export { InstallationTaxonomies } from './installation-taxonomies.ts';
