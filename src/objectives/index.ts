/** Ready-made objectives of the source documents, written in the DSL. */
export * as neuralBayes from './neuralBayes.ts';
export * as lectureNotes from './lectureNotes.ts';
export * as em from './em.ts';
export * as gan from './gan.ts';
