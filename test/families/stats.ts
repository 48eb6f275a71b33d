/** Monte-Carlo helpers for the family tests. */
import * as tf from '@tensorflow/tfjs';
import { expect } from 'vitest';

/** Mean and standard error of a sample. */
export function meanAndError(values: ArrayLike<number>): { mean: number; error: number } {
  const n = values.length;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += values[i];
  const mean = sum / n;
  let squares = 0;
  for (let i = 0; i < n; i++) squares += (values[i] - mean) ** 2;
  return { mean, error: Math.sqrt(squares / (n - 1) / n) };
}

/** A Monte-Carlo estimate agrees with the exact value within four standard errors (plus float32 rounding). */
export function expectWithinError(values: ArrayLike<number>, exact: number): void {
  const { mean, error } = meanAndError(values);
  expect(error).toBeGreaterThan(0);
  expect(Math.abs(mean - exact)).toBeLessThan(4 * error + 1e-4);
}

/** The value of a scalar tensor. */
export const scalar = (t: tf.Tensor): number => t.dataSync()[0];

/** Column sums of a [rows, cols] array of log-probabilities, exponentiated: Σ_rows exp(·) per column. */
export const totalProbability = (logP: number[][]): number[] =>
  logP[0].map((_, col) => logP.reduce((s, row) => s + Math.exp(row[col]), 0));

/** Rows of `raw` repeated `draws` times: [draws·B, w] (closed forms on it equal those on `raw`: means over rows). */
export const repeatRows = (raw: tf.Tensor2D, draws: number): tf.Tensor2D => tf.tile(raw, [draws, 1]) as tf.Tensor2D;
