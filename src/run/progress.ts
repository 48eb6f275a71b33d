/**
 * Progress of a long run: a bar with loss and ETA on a terminal, plain lines (about 20 per run) otherwise, on stderr.
 */
import { SingleBar } from 'cli-progress';

export interface Progress {
  tick(info: { loss: number }): void;
  done(): void;
}

const clock = (s: number) =>
  s < 60 ? `${s.toFixed(0)}s` : `${Math.floor(s / 60)}m${String(Math.round(s % 60)).padStart(2, '0')}s`;

export function makeProgress(o: {
  total: number;
  label: string;
  stream?: NodeJS.WriteStream | { isTTY?: boolean; write(s: string): unknown };
}): Progress {
  const stream = o.stream ?? process.stderr;
  if (stream.isTTY) {
    const bar = new SingleBar({
      format: `${o.label} [{bar}] {percentage}% | step {value}/{total} | loss {loss} | ETA {eta_formatted}`,
      stream: stream as NodeJS.WriteStream,
      hideCursor: true,
    });
    bar.start(o.total, 0, { loss: '…' });
    return { tick: ({ loss }) => bar.increment({ loss: loss.toFixed(5) }), done: () => bar.stop() };
  }
  const every = Math.max(1, Math.ceil(o.total / 20));
  const t0 = performance.now();
  let n = 0;
  return {
    tick: ({ loss }) => {
      n++;
      if (n % every !== 0 && n !== o.total) return;
      const elapsed = (performance.now() - t0) / 1000;
      const eta = (elapsed / n) * (o.total - n);
      stream.write(
        `${o.label}: step ${n}/${o.total} loss ${loss.toFixed(5)} elapsed ${clock(elapsed)} ETA ${clock(eta)}\n`,
      );
    },
    done: () => {},
  };
}
