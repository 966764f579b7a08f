/**
 * Progress on stderr: a bar on a terminal (cli-progress), plain lines otherwise, so CI logs stay readable.
 */
import cliProgress from 'cli-progress';

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
  const bar = new cliProgress.SingleBar(
    { format: `${what} [{bar}] {value}/{total} {line}`, stream, clearOnComplete: true, hideCursor: true, barsize: 30 },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0, { line: '' });
  return { tick: (line) => bar.increment(1, { line }), stop: () => bar.stop() };
}
