/** Captures what the CLI writes to stdout and stderr during each test of the calling file or block. */
import { afterEach, beforeEach, vi } from 'vitest';

export function captureOutput(): { stdout: string[]; stderr: string[] } {
  const out = { stdout: [] as string[], stderr: [] as string[] };
  beforeEach(() => {
    out.stdout.length = 0;
    out.stderr.length = 0;
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => (out.stderr.push(String(chunk)), true));
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => (out.stdout.push(String(chunk)), true));
  });
  afterEach(() => vi.restoreAllMocks());
  return out;
}
