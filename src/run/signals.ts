/**
 * SIGINT/SIGTERM during `infobj train`. While steps run, the first signal asks the loop to stop after the current step
 * (it then writes a checkpoint and says how to resume); outside the loop, or on a second signal, the process ends at
 * once (its claim on the run folder is then stale and recognised as such). Either way the terminal is restored and the
 * exit code is the shell's (130, 143).
 */
import type { StopControl } from '../train/loop.ts';

export const STOP_SIGNALS = { SIGINT: 130, SIGTERM: 143 } as const;
export type StopSignal = keyof typeof STOP_SIGNALS;

const isStopSignal = (s: string): s is StopSignal => s in STOP_SIGNALS;

/** Show the cursor again (a progress bar hides it while it draws). */
export function restoreTerminal(stream: NodeJS.WriteStream = process.stderr): void {
  if (stream.isTTY) stream.write('\u001b[?25h');
}

/** The exit code for a stop reason the loop reported (130 for SIGINT, 143 for SIGTERM, 1 otherwise). */
export const exitCodeOf = (reason: string): number => (isStopSignal(reason) ? STOP_SIGNALS[reason] : 1);

/** Catch SIGINT and SIGTERM until `uninstall`; `say` prints the line that acknowledges a signal. */
export function catchStopSignals(say: (line: string) => void): StopControl & { uninstall(): void } {
  let first: StopSignal | undefined;
  let training = false;
  const handler = (signal: NodeJS.Signals) => {
    if (!isStopSignal(signal)) return;
    if (first || !training) {
      restoreTerminal();
      say(`${signal}: stopping at once${training ? ' (the last checkpoint written is kept)' : ''}`);
      process.exit(STOP_SIGNALS[signal]);
    }
    first = signal;
    say(`${signal}: stopping after the current step to write a checkpoint (send it again to stop at once)`);
  };
  const signals = Object.keys(STOP_SIGNALS) as StopSignal[];
  signals.forEach((s) => process.on(s, handler));
  return {
    requested: () => first,
    armed: (on) => {
      training = on;
    },
    uninstall: () => signals.forEach((s) => process.off(s, handler)),
  };
}
