/** Networks: MLPs, the Neural Bayes CNNs and the VRNN behind one interface. */
export type { Network } from './network.ts';
export { mlp, type MlpOptions } from './mlp.ts';
export { cnnMnist, cnnCifar, type CnnOptions } from './cnn.ts';
export { gaussianChannel } from './channel.ts';
export { multiScaleHeads, type Head } from './heads.ts';
export { vrnn, isVrnnPosterior, type Vrnn, type VrnnOptions, type VrnnPass, type VrnnPosterior } from './vrnn.ts';
