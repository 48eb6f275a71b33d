/**
 * A training session of the page: its spec decoded and compiled by the library's spec compiler, and the run prepared by
 * the library's `prepareRun` (networks, multi-scale heads, augmented views, priors), exactly as `infobj train` does.
 */
import type { CompiledSpec, GradientTraining } from '../../src/spec/compiled.ts';
import { compileSpec } from '../../src/spec/compile.ts';
import { decodeSpec } from '../../src/spec/decode.ts';
import type { EncoderSpec, Spec } from '../../src/spec/schema.ts';
import { prepareRun, type PreparedRun } from '../../src/run/prepare.ts';

export interface Session {
  readonly spec: Spec;
  readonly compiled: CompiledSpec;
  readonly training: GradientTraining;
  /** The encoder whose partition the page draws: the spec's evaluated encoder. */
  readonly evaluated: EncoderSpec;
  readonly run: PreparedRun;
}

/** Decode, compile (within `memoryBytes`) and prepare the page's spec; the page trains gradient objectives only. */
export function startSession(raw: unknown, memoryBytes: number): Session {
  const spec = decodeSpec(raw, 'playground');
  const compiled = compileSpec(spec, { memoryBytes });
  const training = compiled.training;
  if (training.algorithm !== 'gradient') throw new Error('the playground trains gradient objectives only');
  return {
    spec,
    compiled,
    training,
    evaluated: compiled.evaluated ?? spec.model.encoders[0],
    run: prepareRun(compiled),
  };
}
