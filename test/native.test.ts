import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from '../src/cli.js';

let stderr: string[];
let PATH: string | undefined;
beforeEach(() => {
  stderr = [];
  PATH = process.env.PATH;
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stderr.push(String(chunk));
    return true;
  });
  vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
});
afterEach(() => {
  process.env.PATH = PATH;
  vi.restoreAllMocks();
});

describe('--engine native where no tesseract is installed', () => {
  it('is exit code 2 with one line saying what to install, before any page is read', async () => {
    // A PATH that holds no tesseract; node itself is already running.
    process.env.PATH = mkdtempSync(path.join(tmpdir(), 'collate-empty-path-'));
    const code = await main(['node', 'collate', 'ocr', '511', '--pages', '1', '--engine', 'native', '--no-cache']);
    expect(code).toBe(2);
    const lines = stderr.join('').trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^collate: tesseract: not found; --engine native needs the tesseract CLI on the PATH \(Debian and Ubuntu: apt-get install tesseract-ocr/);
  });
});
