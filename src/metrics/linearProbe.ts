/**
 * The linear probe: multinomial logistic regression (the linear model of the lecture notes' Appendix C) fitted on
 * training features and labels, scored by its accuracy on held-out features — never on the training labels alone.
 * Given a validation set, the epoch kept is the one that classifies it best (early stopping, never on the test set).
 */
import { logisticRegression } from './logisticRegression.ts';
import { checkArgs, Obj } from '../api/arguments.ts';

export interface ProbeInput {
  readonly trainX: Float32Array;
  readonly trainY: Int32Array;
  readonly testX: Float32Array;
  readonly testY: Int32Array;
  readonly dim: number;
  readonly classes: number;
  readonly epochs?: number;
  readonly lr?: number;
  /** L2 penalty on the weights. */
  readonly weightDecay?: number;
  readonly batchSize?: number;
  readonly seed: number;
  /** Validation features and labels for early stopping (disjoint from the test set). */
  readonly valX?: Float32Array;
  readonly valY?: Int32Array;
}

const accuracy = (predicted: Int32Array, truth: Int32Array) =>
  predicted.reduce((s, v, i) => s + (v === truth[i] ? 1 : 0), 0) / truth.length;

/**
 * Train softmax regression on (trainX, trainY); returns its accuracy on the training set and on the held-out test set,
 * and the epoch whose weights were kept.
 */
export function linearProbe(p: ProbeInput): { trainAcc: number; testAcc: number; epoch: number } {
  checkArgs('linearProbe', { input: [Obj('a probe input { train, test, … }'), p] });
  if (p.testX.length !== p.testY.length * p.dim)
    throw new Error(
      `linear probe: ${p.testY.length} test labels need ${p.testY.length * p.dim} test features, got ${p.testX.length}`,
    );
  if (p.testY.length === 0) throw new Error('linear probe: the test set is empty');
  const validation = p.valX && p.valY ? { x: p.valX, y: p.valY } : undefined;
  const model = logisticRegression(p.trainX, p.trainY, { ...p, validation });
  return {
    trainAcc: accuracy(model.predict(p.trainX), p.trainY),
    testAcc: accuracy(model.predict(p.testX), p.testY),
    epoch: model.epoch,
  };
}
