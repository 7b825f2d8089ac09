export {
  PACKAGES_OF_EVERY_SERVICE,
  renderDerivedFiles,
  staleDerivedFiles,
  writeDerivedFiles,
} from './derived-files.js'
export {
  type DevStatement,
  devDatabaseStatements,
  devPostgresDir,
  devRoles,
  readInitPrivilegesSql,
  renderInitDatabasesSql,
} from './dev-database.js'
export { renderKustomizeFiles } from './kustomize-files.js'
export {
  DEFAULT_PORT_BASE,
  loadServiceNames,
  loadServices,
  type PlatformService,
  parseServiceList,
  repoRoot,
  SERVICE_NAME,
  ServiceListError,
  serviceListPath,
} from './service-list.js'
export { renderSkaffoldYaml } from './skaffold-yaml.js'
