/** Rewrite laws (named, tested identities) and the normaliser. */
export type { Law } from './law.ts';
export * from './laws.ts';
export * from './informationLaws.ts';
export { LAWS } from './catalogue.ts';
export { pairedConditionalEntropy, pairedMiAsEntropies } from './pairedLaws.ts';
export { rewrite, normalise, lawNamed, NORMAL_FORM_LAWS } from './normalise.ts';
