/** io-ts codecs for the JSON form of objectives (what `explain --json` and saved plans carry). */
import * as t from 'io-ts';
import type { Dist, Expr, Objective } from './nodes.ts';
import { FAMILIES } from '../families/index.ts';
import type { Encoder } from './vars.ts';

export const EncoderCodec: t.Type<Encoder> = t.readonly(
  t.intersection([
    t.type({
      kind: t.literal('encoder'),
      target: t.string,
      given: t.readonlyArray(t.string),
      family: t.keyof(FAMILIES),
      model: t.string,
      size: t.number,
    }),
    t.partial({ layer: t.number, head: t.string }),
  ]),
);

export const DistCodec: t.Type<Dist> = t.recursion('Dist', () =>
  t.union([
    t.type({ kind: t.literal('data'), v: t.string }),
    t.type({ kind: t.literal('conditional'), enc: EncoderCodec }),
    t.type({ kind: t.literal('marginal'), enc: EncoderCodec }),
    t.type({ kind: t.literal('prior'), v: t.string, family: t.keyof({ uniform: null, 'standard-normal': null }) }),
    t.type({ kind: t.literal('posterior'), enc: EncoderCodec, k: t.number, complement: t.boolean }),
    t.type({ kind: t.literal('mixture'), weights: t.readonlyArray(t.number), dists: t.readonlyArray(DistCodec) }),
  ]),
);

const withEnc = <K extends string>(kind: K) => t.type({ kind: t.literal(kind), enc: EncoderCodec });

export const ExprCodec: t.Type<Expr> = t.recursion('Expr', () =>
  t.union([
    withEnc('entropy'),
    withEnc('condEntropy'),
    withEnc('mutualInfo'),
    t.type({ kind: t.literal('pairedInfo'), a: EncoderCodec, b: EncoderCodec }),
    t.type({ kind: t.literal('dataInfo'), enc: EncoderCodec, v: t.string }),
    t.type({ kind: t.literal('pairedEntropy'), a: EncoderCodec, b: EncoderCodec, conditional: t.boolean }),
    withEnc('output'),
    t.type({ kind: t.literal('kl'), p: DistCodec, q: DistCodec }),
    t.type({ kind: t.literal('crossEntropy'), p: DistCodec, q: DistCodec }),
    t.type({ kind: t.literal('jsd'), weights: t.readonlyArray(t.number), dists: t.readonlyArray(DistCodec) }),
    t.type({
      kind: t.literal('regulariser'),
      name: t.keyof({ smoothness: null, uniformPrior: null }),
      enc: EncoderCodec,
    }),
    t.type({ kind: t.literal('logDensity'), dist: DistCodec }),
    t.type({ kind: t.literal('score'), dist: DistCodec }),
    t.type({ kind: t.literal('expect'), v: t.string, body: ExprCodec }),
    t.type({ kind: t.literal('sumStates'), body: ExprCodec }),
    t.type({ kind: t.literal('log'), arg: ExprCodec }),
    t.type({ kind: t.literal('neg'), arg: ExprCodec }),
    t.type({ kind: t.literal('stopGradient'), arg: ExprCodec }),
    t.type({ kind: t.literal('add'), terms: t.readonlyArray(ExprCodec) }),
    t.type({ kind: t.literal('mul'), left: ExprCodec, right: ExprCodec }),
    t.type({ kind: t.literal('div'), left: ExprCodec, right: ExprCodec }),
    t.type({ kind: t.literal('const'), value: t.number }),
    t.type({ kind: t.literal('hyper'), name: t.string }),
  ]),
);

export const ObjectiveCodec: t.Type<Objective> = t.type({ sense: t.keyof({ max: null, min: null }), body: ExprCodec });
