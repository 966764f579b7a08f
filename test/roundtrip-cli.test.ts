/**
 * `collate run` and `collate check` verify the round trip on the witness they read. An apparatus that lost
 * an entry (a fault put into the apparatus stage here) is an internal error: exit code 70, one line.
 */
import { copyFileSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { captureOutput } from './helpers/output.js';

vi.mock('../src/apparatus.js', async (original) => {
  const actual = await original<typeof import('../src/apparatus.js')>();
  return {
    ...actual,
    buildApparatus: (...args: Parameters<typeof actual.buildApparatus>) => {
      const built = actual.buildApparatus(...args);
      // The fault: the first entry whose words differ is dropped, so its reading is lost.
      const lost = built.entries.findIndex((e) => /\p{L}/u.test(e.reading) && e.reading !== e.lemma);
      return { ...built, entries: built.entries.filter((_, i) => i !== lost) };
    },
  };
});

const { main } = await import('../src/cli.js');
const { stdout, stderr } = captureOutput();
const root = path.resolve(import.meta.dirname, '..');

describe('the round trip, checked at run time', () => {
  it('an apparatus that lost a reading fails collate run with exit code 70 and one line', async () => {
    expect(await main(['node', 'collate', 'run', '511', '--ocr', path.join(root, 'fixtures/511/witness.txt'), '--format', 'json'])).toBe(70);
    const lines = stderr.join('').trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^collate: internal error: 511: the apparatus does not give back both texts; the edition with the readings put in does not read as the scan: word \d+ differs/);
    expect(stdout.join('')).toBe('');
  });

  it('and fails collate check the same way, on the OCR of the scans', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'collate-roundtrip-'));
    for (const ext of ['txt', 'json', 'decisions.json']) copyFileSync(path.join(root, `transcripts/878.${ext}`), path.join(dir, `878.${ext}`));
    const cache = path.join(tmpdir(), 'collate-test-cache'); // shared with the other tests that read 878
    mkdirSync(cache, { recursive: true });
    expect(await main(['node', 'collate', 'check', '878', '--transcripts', dir, '--cache-dir', cache])).toBe(70);
    expect(stderr.join('')).toMatch(/^collate: internal error: 878: the apparatus does not give back both texts/m);
  }, 120_000);
});
