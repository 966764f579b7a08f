import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from '../src/cli.js';

let stderr: string[];
beforeEach(() => {
  stderr = [];
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stderr.push(String(chunk));
    return true;
  });
  vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
});
afterEach(() => vi.restoreAllMocks());

const run = (...args: string[]) => main(['node', 'collate', ...args]);

/** A fixture folder holding one page file with the given content. */
function fixture(content: unknown): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'collate-fixture-'));
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'page-01.truth.json'), typeof content === 'string' ? content : JSON.stringify(content));
  return dir;
}

describe('collate facsimile: bad input', () => {
  it('an unknown document id is exit code 2 with one line naming the folder', async () => {
    expect(await run('facsimile', 'no-such-doc')).toBe(2);
    expect(stderr.join('')).toMatch(/^collate: fixtures\/no-such-doc: no fixture folder/);
    expect(stderr.join('').trim().split('\n')).toHaveLength(1);
  });

  it('an id that is not a document id is refused', async () => {
    expect(await run('facsimile', '../etc')).toBe(2);
    expect(stderr.join('')).toContain('is not a document id');
  });

  const cases: [string, unknown, RegExp][] = [
    ['an unknown region class', { label: '1', lines: [{ text: 'x', class: 'header' }] }, /page-01\.truth\.json: lines\.0\.class: Invalid option/],
    ['an empty page', { label: '1', lines: [] }, /page-01\.truth\.json: lines: a page is empty/],
    ['a page without a label', { lines: [{ text: 'x', class: 'body' }] }, /page-01\.truth\.json: label: a page has a label/],
    ['a line without text', { label: '1', lines: [{ text: '', class: 'body' }] }, /lines\.0\.text: a line has text/],
    ['a file that is not JSON', '{ "label": "1", ', /page-01\.truth\.json: not valid JSON/],
  ];
  it.each(cases)('%s is exit code 2 naming the file and the field', async (_name, content, message) => {
    const dir = fixture(content);
    expect(await run('facsimile', 'x', '--fixtures', dir, '--out', path.join(dir, 'out'))).toBe(2);
    expect(stderr.join('')).toMatch(message);
    expect(stderr.join('')).not.toMatch(/at .*\.ts:\d+/); // no stack trace
  });

  it('a folder with no page files is exit code 2', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'collate-empty-'));
    expect(await run('facsimile', 'x', '--fixtures', dir)).toBe(2);
    expect(stderr.join('')).toContain('no page-*.truth.json files');
  });

  it('a bad option value is a usage error, exit code 2', async () => {
    expect(await run('facsimile', '511', '--seed', 'soon')).toBe(2);
    expect(stderr.join('')).toContain('--seed must be a whole number');
  });

  it('--help is exit code 0', async () => {
    expect(await run('--help')).toBe(0);
  });
});
