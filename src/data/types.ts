/** Data sets as the library passes them around, and the error bad data raise. */

export interface Dataset {
  readonly name: string;
  /** Row-major n × dim. */
  readonly x: Float32Array;
  readonly n: number;
  readonly dim: number;
  /** Ground truth, for evaluation only (never seen by unsupervised training). */
  readonly labels?: Int32Array;
  /** n × 2 original 2-D coordinates of synthetic sets, for plots. */
  readonly plane?: Float32Array;
  /** Correlation of correlated-Gaussian data (MIGE's toy), for the channel that generates the second view. */
  readonly rho?: number;
  /** Time steps of sequence data: a row holds `steps` blocks of dim/steps values, one per step, in time order. */
  readonly steps?: number;
  /** h, w, c of image data, e.g. [28, 28, 1]. */
  readonly imageShape?: readonly [number, number, number];
}

/** Bad data or data parameters: the message names the spec field (`data.n: expected …, got -3`) or the place in the file. */
export class DataError extends Error {
  constructor(
    readonly path: string,
    reason: string,
  ) {
    super(`${path}: ${reason}`);
    this.name = 'DataError';
  }
}
