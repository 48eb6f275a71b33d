/** `infobj gen --target pytorch`: the PyTorch program of a spec, and the arrays it reads written to a folder. */
import { useBackend } from '../backend/index.ts';
import { compileSpec } from '../spec/compile.ts';
import type { Spec } from '../spec/schema.ts';
import { exportRunData } from '../targets/pytorch/export.ts';
import { checkPytorchSupport, pytorchProgram } from '../targets/pytorch/program.ts';

/** The program's source; its data (the tfjs run's arrays, batch order and initial weights) goes to `dataDir`. */
export async function generatePytorch(spec: Spec, dataDir: string): Promise<string> {
  const compiled = compileSpec(spec);
  checkPytorchSupport(compiled);
  await useBackend('wasm'); // the initial weights of the tfjs run's networks
  exportRunData(compiled, dataDir);
  return pytorchProgram(compiled, dataDir);
}
