/**
 * `collate ocr` and `collate eval` on bad input: each refusal is exit code 2 and one clear line, before any
 * OCR starts, and the cache is left as it was.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { deflateSync } from 'node:zlib';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { main } from '../src/cli.js';
import { captureOutput } from './helpers/output.js';

const { stdout, stderr } = captureOutput();

const run = (...args: string[]) => main(['node', 'collate', ...args]);
const scans = (files: Record<string, Buffer | string> = {}) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'collate-scans-'));
  for (const [name, data] of Object.entries(files)) writeFileSync(path.join(dir, name), data);
  return dir;
};
const PAGE = path.resolve(import.meta.dirname, '../scans/511/page-01.jpg');

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(data: Buffer): number {
  let c = 0xffffffff;
  for (const byte of data) c = CRC_TABLE[(c ^ byte) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type: string, data: Buffer): Buffer {
  const body = Buffer.concat([Buffer.from(type), data]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}
/** A valid PNG whose header claims width × height, with a token image body: refused from its header alone. */
function hugePng(width: number, height: number): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 0, 0, 0, 0], 8); // 8-bit grayscale
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', deflateSync(Buffer.alloc(16))), chunk('IEND', Buffer.alloc(0))]);
}

const snapshot = (dir: string) =>
  readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => {
      const file = path.join(d.parentPath, d.name);
      return `${path.relative(dir, file)} ${statSync(file).size} ${readFileSync(file, 'utf8').length}`;
    })
    .sort();

describe('collate ocr: bad input', () => {
  const cases: [string, () => string[], RegExp][] = [
    ['a scans folder that is missing', () => ['--scans', '/no/such/folder'], /\/no\/such\/folder: cannot read the scans folder/],
    ['a scans folder with no images', () => ['--scans', scans({ 'notes.txt': 'x' })], /no page images \(PNG, JPEG, TIFF or PDF\) in the scans folder/],
    ['a zero-byte image', () => ['--scans', scans({ 'page-01.png': Buffer.alloc(0) })], /page-01\.png: the file is empty \(0 bytes\)/],
    ['a truncated JPEG', () => ['--scans', scans({ 'page-01.jpg': readFileSync(PAGE).subarray(0, 40_000) })], /page-01\.jpg: the image is truncated \(no JPEG end-of-image marker\)/],
    ['a file that is not an image', () => ['--scans', scans({ 'page-01.png': 'Secretary of State, Washington.' })], /page-01\.png: not a readable image/],
    ['a PDF that is not a PDF', () => ['--scans', scans({ 'telegram.pdf': '%PDF-1.4 nothing else' })], /telegram\.pdf: not a readable PDF/],
    ['an image over 100 megapixels', () => ['--scans', scans({ 'page-01.png': hugePng(12_000, 9_000) })], /page-01\.png: the image is 12000×9000 \(108 megapixels\), over the 100-megapixel limit/],
    ['a page range that does not exist', () => ['--pages', '20'], /--pages "20": the document has 19 pages, so page 20 does not exist/],
    ['a page range that is not one', () => ['--pages', '3-x'], /--pages "3-x": "3-x" is not a page or a range/],
  ];

  it.each(cases)('%s is exit code 2 with one clear line, and the cache is untouched', async (_name, args, message) => {
    const cache = mkdtempSync(path.join(tmpdir(), 'collate-cache-'));
    mkdirSync(path.join(cache, 'ocr', 'ab'), { recursive: true });
    writeFileSync(path.join(cache, 'ocr', 'ab', 'abc.json'), '{"kept":true}');
    const before = snapshot(cache);
    expect(await run('ocr', '511', ...args(), '--cache-dir', cache)).toBe(2);
    const lines = stderr.join('').trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^collate: /);
    expect(lines[0]).toMatch(message);
    expect(stdout.join('')).toBe('');
    expect(snapshot(cache)).toEqual(before);
  });

  it('eval refuses a page range outside the document the same way', async () => {
    expect(await run('eval', '511', '--pages', '0')).toBe(2);
    expect(stderr.join('')).toMatch(/not a range of pages counted from 1/);
  });

  it('a blank page is not an error: it yields an empty page with a warning', async () => {
    const white = await sharp({ create: { width: 850, height: 1100, channels: 3, background: '#f4f1e6' } }).png().toBuffer();
    const dir = scans({ 'page-01.png': white });
    copyFileSync(PAGE, path.join(dir, 'page-02.jpg'));
    expect(await run('ocr', 'x', '--scans', dir, '--pages', '1', '--json', '--no-cache', '--jobs', '1')).toBe(0);
    expect(stderr.join('')).toMatch(/warning: .*page-01\.png: page 1 is blank: OCR found no text/);
    const output = JSON.parse(stdout.join('')) as { pages: { label: string; body: unknown[] }[]; stripped: unknown[] };
    expect(output.pages).toEqual([expect.objectContaining({ label: '1', body: [] })]);
  });
});
