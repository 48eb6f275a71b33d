/** Evaluation of a finished run: metrics by name, images, sequences and samples for the plots. */
export {
  evaluateRun,
  labelAgreement,
  encode,
  argmaxRows,
  planeGrid,
  type PlaneGrid,
  type Evaluation,
  type EvaluationContext,
} from './evaluate.ts';
