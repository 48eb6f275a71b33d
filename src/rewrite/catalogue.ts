/** Every law, by name: the identities the normaliser and the prover rewrite with. */
import type { Law } from './law.ts';
import {
  miAsEntropies,
  klAsCrossEntropyMinusEntropy,
  jsdAsMeanKl,
  dmsProposition1,
  entropyAsPlugin,
  conditionalEntropyExplicit,
  uniformCrossEntropyPlugin,
} from './laws.ts';
import { pairedConditionalEntropy, pairedMiAsEntropies } from './pairedLaws.ts';
import { INFORMATION_LAWS } from './informationLaws.ts';

export const LAWS: readonly Law[] = [
  miAsEntropies,
  klAsCrossEntropyMinusEntropy,
  jsdAsMeanKl,
  dmsProposition1,
  entropyAsPlugin,
  conditionalEntropyExplicit,
  uniformCrossEntropyPlugin,
  pairedMiAsEntropies,
  pairedConditionalEntropy,
  ...INFORMATION_LAWS,
];
