/**
 * Two runs that miss the same page at once: the second waits for the first and takes its reading from the
 * cache, instead of reading the page a second time. Two real processes of the built CLI.
 */
import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');

function collate(args: string[]): Promise<{ status: number | null; stderr: string; stdout: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(root, 'bin/collate.js'), ...args], { cwd: root, env: { ...process.env, CI: '1' } });
    let [stdout, stderr] = ['', ''];
    child.stdout.on('data', (chunk: Buffer) => (stdout += String(chunk)));
    child.stderr.on('data', (chunk: Buffer) => (stderr += String(chunk)));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

describe('the OCR cache under two runs at once', () => {
  it('reads a page once: the second run waits for the first, then takes the page from the cache', async () => {
    const scans = mkdtempSync(path.join(tmpdir(), 'collate-lock-scans-'));
    copyFileSync(path.join(root, 'scans/878/page-02.jpg'), path.join(scans, 'page-01.jpg'));
    const cache = path.join(mkdtempSync(path.join(tmpdir(), 'collate-lock-cache-')), 'c');
    mkdirSync(cache);
    const args = ['ocr', 'x', '--scans', scans, '--cache-dir', cache, '--jobs', '1'];
    const [a, b] = await Promise.all([collate(args), collate(args)]);
    expect([a.status, b.status]).toEqual([0, 0]);
    expect(a.stdout).toBe(b.stdout);
    // In a log, a page read by OCR is reported and one from the cache is not: exactly one run read it.
    const read = [a, b].filter((r) => /\[1\/1\] page 1 /.test(r.stderr));
    expect(read).toHaveLength(1);
    expect(a.stderr + b.stderr).not.toMatch(/cannot lock|lost the lock/);
  }, 120_000);
});
