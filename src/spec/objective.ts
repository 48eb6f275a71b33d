/** The objective of a spec: its text parsed against the declared encoders, or a preset from the catalogue. */
import {
  encoder,
  parse,
  parseExpr,
  ParseError,
  variable,
  type Encoder,
  type Objective,
  type ParseEnv,
  type Var,
} from '../expr/index.ts';
import type { Pin } from '../plan/index.ts';
import { em, neuralBayes } from '../objectives/index.ts';
import { SpecError } from './errors.ts';
import { headUsesOf, layerGivens, layersOf, usesOf, type EncoderSpec, type ObjectiveSpec, type Use } from './schema.ts';

/**
 * The encoders a spec declares (target Z and given X unless stated; an encoder of an `observed` variable is a model of
 * observed values, a classifier or a decoder), then each `also` use of a network: one model,
 * other variables (Φ(X) = Z and Φ(X') = Z' share the weights), then each use of each head on a network's trunk (its own
 * identity: the model and the head), then each hidden layer bound to a variable (`layers`): h = C(x), deterministic,
 * as wide as the layer (MIGE Circumstance II), on the encoder's given or the view the entry names.
 */
export const encodersOfSpec = (
  encoders: readonly EncoderSpec[],
  observed: ReadonlySet<string> = new Set(),
): Encoder[] => {
  const vars = (names: readonly string[]) => names.map(variable) as [Var, ...Var[]];
  const observedTarget = (u: Use) => observed.has(u.target); // a classifier or decoder of observed values
  const of = (e: EncoderSpec, u: Use) =>
    encoder(variable(u.target), vars(u.given), {
      family: e.family,
      model: e.name,
      size: e.size,
      observedTarget: observedTarget(u),
    });
  const more = encoders.flatMap((e) =>
    usesOf(e)
      .slice(1)
      .map((u) => of(e, u)),
  );
  const heads = encoders.flatMap((e) =>
    (e.heads ?? []).flatMap((h) =>
      headUsesOf(e, h).map((u) =>
        encoder(variable(u.target), vars(u.given), {
          family: h.family,
          model: e.name,
          size: h.size,
          head: h.name,
          observedTarget: observedTarget(u),
        }),
      ),
    ),
  );
  const layers = encoders.flatMap((e) =>
    layersOf(e).flatMap((l) =>
      l.width === undefined
        ? []
        : [
            encoder(variable(l.target), vars(layerGivens(e, l)), {
              family: 'deterministic',
              model: e.name,
              size: l.width,
              layer: l.layer,
            }),
          ],
    ),
  );
  return [...encoders.map((e) => of(e, usesOf(e)[0])), ...more, ...heads, ...layers];
};

/** The mixture's encoders among the spec's, if it declares a mixture (model q and model gmm). */
function mixtureOf(encoders: readonly Encoder[]): Parameters<typeof em.elbo> | undefined {
  const q = encoders.find((e) => e.model === 'q' && e.family === 'categorical');
  const p = encoders.find((e) => e.model === 'gmm' && e.family === 'gaussian');
  return q && p ? [q as Parameters<typeof em.elbo>[0], p as Parameters<typeof em.elbo>[1]] : undefined;
}

/** A preset objective over the chosen encoder; β (and α) name hyper-parameters of the spec. */
function preset(
  name: NonNullable<ObjectiveSpec['preset']>,
  L: Encoder,
  hypers: Record<string, number>,
  encoders: readonly Encoder[],
): Objective {
  const beta = 'β' in hypers ? 'β' : undefined;
  const need = (family: Encoder['family'], what: string) => {
    if (L.family !== family)
      throw new SpecError([
        { path: 'objective.preset', message: `${what} needs a ${family} encoder; ${L.model} is ${L.family}` },
      ]);
    if (family === 'bernoulli' && L.size !== 1)
      throw new SpecError([
        {
          path: 'objective.preset',
          message: `${what} needs a single-unit bernoulli encoder (L(x) = p(z=1|x)); ${L.model} has ${L.size} units`,
        },
      ]);
  };
  switch (name) {
    case 'dms':
      need('bernoulli', 'dms (Neural Bayes Eq. 5)');
      return neuralBayes.dmsEq5(L as Encoder<string, string, 'bernoulli'>, beta);
    case 'dms-eq3':
      need('bernoulli', 'dms-eq3');
      return neuralBayes.dmsEq3(L as Encoder<string, string, 'bernoulli'>);
    case 'dms-multi':
      need('categorical', 'dms-multi (Neural Bayes Eq. 23)');
      return neuralBayes.dmsMulti(L as Encoder<string, string, 'categorical'>, beta);
    case 'mim':
    case 'mim-v1':
      need('categorical', name);
      return name === 'mim'
        ? neuralBayes.mimInfo(L as Encoder<string, string, 'categorical'>)
        : neuralBayes.mimEq8(L as Encoder<string, string, 'categorical'>);
    case 'mim-v2':
      need('categorical', 'mim-v2 (Neural Bayes Eq. 10)');
      return neuralBayes.mimV2(L as Encoder<string, string, 'categorical'>);
    case 'em-gmm': {
      const mixture = mixtureOf(encoders);
      if (!mixture)
        throw new SpecError([
          {
            path: 'objective.preset',
            message: 'em-gmm is the ELBO of a Gaussian mixture: declare model.mixture: { components: K }',
          },
        ]);
      return em.elbo(...mixture);
    }
  }
}

/** Build the spec's objective; parse errors become `objective.text:line:column` spec errors. */
export function objectiveFromSpec(
  spec: ObjectiveSpec,
  encoders: readonly Encoder[],
  variables: Pick<ParseEnv, 'data' | 'priors' | 'labels' | 'bound'> = {},
): Objective {
  const hypers = spec.hypers ?? {};
  if (spec.preset) {
    const L = spec.encoder ? encoders.find((e) => e.model === spec.encoder)! : encoders[0];
    return preset(spec.preset, L, hypers, encoders);
  }
  try {
    return parse(spec.text!, { encoders, ...variables });
  } catch (e) {
    if (e instanceof ParseError)
      throw new SpecError([{ path: `objective.text:${e.line}:${e.column}`, message: e.reason }]);
    throw e;
  }
}

/**
 * The spec's pins as (expression, estimator) pairs: each key is parsed against the declared encoders like the objective
 * (`H[Psi](Z)`, ASCII spellings), and the planner matches it by structure. Parse errors name the pin.
 */
export function pinsFromSpec(
  pins: ObjectiveSpec['pins'],
  encoders: readonly Encoder[],
  variables: Pick<ParseEnv, 'data' | 'priors' | 'labels' | 'bound'> = {},
): Pin[] {
  return Object.entries(pins ?? {}).map(([text, estimator]) => {
    try {
      return { expr: parseExpr(text, { encoders, ...variables }), estimator };
    } catch (e) {
      if (e instanceof ParseError)
        throw new SpecError([{ path: `objective.pins.${text}:${e.line}:${e.column}`, message: e.reason }]);
      throw e;
    }
  });
}
