/** The Python that runs generated PyTorch programs: the first of $INFOBJ_PYTHON, /usr/bin/python3, python3 importing torch. */
import { spawnSync } from 'node:child_process';

/** How to get a Python with PyTorch, said when none is found. */
export const TORCH_INSTALL =
  'install it with `apt-get install python3-torch` (Debian, for /usr/bin/python3) or `pip install torch`, or set INFOBJ_PYTHON to a python that imports torch';

export interface TorchPython {
  readonly python: string;
  /** torch.__version__ */
  readonly torch: string;
}

/** The pythons tried, in order. */
export const pythonCandidates = (): string[] =>
  [process.env.INFOBJ_PYTHON, '/usr/bin/python3', 'python3'].filter((p): p is string => Boolean(p));

/** The first candidate that imports torch, or undefined. */
export function findTorchPython(candidates: readonly string[] = pythonCandidates()): TorchPython | undefined {
  for (const python of candidates) {
    const r = spawnSync(python, ['-c', 'import torch; print(torch.__version__)'], {
      encoding: 'utf8',
      timeout: 120_000,
    });
    if (r.status === 0) return { python, torch: r.stdout.trim() };
  }
  return undefined;
}

/** The Python with torch, or an error in one line saying how to install it. */
export function requireTorchPython(candidates: readonly string[] = pythonCandidates()): TorchPython {
  const found = findTorchPython(candidates);
  if (!found)
    throw new Error(`--engine pytorch: no python imports torch (tried ${candidates.join(', ')}); ${TORCH_INSTALL}`);
  return found;
}
