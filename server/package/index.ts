export { validateAppPackage, PARAMETER_TYPES, SECURE_SCOPES, type PackageProblem } from './validate-app.ts';
export { listPackageFiles, type PackageFile } from './package-files.ts';
export { writeAppZip } from './write-zip.ts';
export { pngSize } from './png-size.ts';
export { Requirements, requirementsIssues, WebhookRequirement } from './requirements-schema.ts';
