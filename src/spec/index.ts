/** Spec files: schema, decoding with field-path errors, loading YAML/JSON. */
export * from './schema.ts';
export { decodeSpec, decodeSpecWithDefaults, type DecodedSpec } from './decode.ts';
export { loadSpec, loadSpecWithDefaults, parseSpecText, parseSpecTextWithDefaults } from './load.ts';
export type { SpecDefault } from './defaults.ts';
export { SpecError, type SpecIssue } from './errors.ts';
export { compileSpec, planSpec, reportWarnings } from './compile.ts';
export type { SpecPlan, CompiledSpec, NetworkPlan, GradientTraining, EmTraining } from './compiled.ts';
