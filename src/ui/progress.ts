/**
 * Progress on stderr: a bar on a terminal (cli-progress), plain lines otherwise, so CI logs stay readable.
 * On SIGINT or SIGTERM while the bar is shown, the terminal is restored before the process ends.
 */
import { createRequire } from 'node:module';

/** cli-progress, loaded only for a bar on a terminal: a log gets plain lines and need not load it. */
const loadCliProgress = () => createRequire(import.meta.url)('cli-progress') as typeof import('cli-progress');

export interface Progress {
  tick(line: string): void;
  stop(): void;
}

export function progress(total: number, what: string, log: (line: string) => void, stream: NodeJS.WriteStream = process.stderr): Progress {
  if (!stream.isTTY || process.env.CI !== undefined) {
    let done = 0;
    // Plain lines for logs: one per page actually read; pages from the cache pass silently.
    return { tick: (line) => void (++done, line !== '' && log(`[${done}/${total}] ${line}`)), stop: () => {} };
  }
  const cliProgress = loadCliProgress();
  const bar = new cliProgress.SingleBar(
    { format: `${what} [{bar}] {value}/{total} {line}`, stream, clearOnComplete: true, hideCursor: true, barsize: 30 },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0, { line: '' });
  // The bar hides the cursor and turns line wrap off; a signal must not leave the terminal so. Stop the bar,
  // which restores both, then die of the same signal as before, so the shell sees the usual exit status.
  const signals = ['SIGINT', 'SIGTERM'] as const;
  const onSignal = (signal: NodeJS.Signals) => {
    stop();
    process.kill(process.pid, signal);
  };
  const stop = () => {
    for (const signal of signals) process.off(signal, onSignal);
    bar.stop();
  };
  for (const signal of signals) process.once(signal, onSignal);
  return { tick: (line) => bar.increment(1, { line }), stop };
}
