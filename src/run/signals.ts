/**
 * SIGINT/SIGTERM during `infobj train`: the first one asks the loop to stop after the current step (it then writes a
 * checkpoint and says how to resume); a second one ends the process at once. Either way the terminal is restored and
 * the exit code is the shell's (130, 143).
 */
export const STOP_SIGNALS = { SIGINT: 130, SIGTERM: 143 } as const;
export type StopSignal = keyof typeof STOP_SIGNALS;

const isStopSignal = (s: string): s is StopSignal => s in STOP_SIGNALS;

/** Show the cursor again (a progress bar hides it while it draws). */
export function restoreTerminal(stream: NodeJS.WriteStream = process.stderr): void {
  if (stream.isTTY) stream.write('\u001b[?25h');
}

/** The exit code for a stop reason the loop reported (130 for SIGINT, 143 for SIGTERM, 1 otherwise). */
export const exitCodeOf = (reason: string): number => (isStopSignal(reason) ? STOP_SIGNALS[reason] : 1);

/**
 * Catch SIGINT and SIGTERM until the returned `uninstall` is called; `requested()` tells which arrived first.
 * `say` prints the one line that acknowledges the signal.
 */
export function catchStopSignals(say: (line: string) => void): { requested: () => StopSignal | undefined; uninstall: () => void } {
  let first: StopSignal | undefined;
  const handler = (signal: NodeJS.Signals) => {
    if (!isStopSignal(signal)) return;
    if (first) {
      restoreTerminal();
      say(`${signal} again: stopping at once (the last checkpoint written is kept)`);
      process.exit(STOP_SIGNALS[signal]);
    }
    first = signal;
    say(`${signal}: stopping after the current step to write a checkpoint (send it again to stop at once)`);
  };
  const signals = Object.keys(STOP_SIGNALS) as StopSignal[];
  signals.forEach((s) => process.on(s, handler));
  return { requested: () => first, uninstall: () => signals.forEach((s) => process.off(s, handler)) };
}
