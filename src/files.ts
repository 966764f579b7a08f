/**
 * Reading and writing the project's files: fixtures, manifests, edition texts. Every file read is
 * validated, and every failure becomes an InputError that names the file and what is wrong with it.
 */
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { lineAndColumn } from './edition.js';
import type { z } from 'zod';
import { describeIssues, InputError } from './errors.js';
import { CollateConfig, Decisions, DECISIONS_VERSION, DocumentId, TruthPage } from './model.js';

/** Natural order: page-2 before page-10. */
export const naturalCompare = new Intl.Collator('en', { numeric: true, sensitivity: 'base' }).compare;

/** Paths as the user would type them: relative to the working directory where that is shorter. */
export function shown(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative !== '' && !relative.startsWith('..') ? relative : file;
}

export async function readText(file: string, what: string): Promise<string> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch (error) {
    throw new InputError(`${shown(file)}: cannot read ${what}: ${reason(error)}`);
  }
}

/** Reads a JSON file and validates it against a schema. */
export async function readJson<S extends z.ZodType>(file: string, schema: S, what: string): Promise<z.infer<S>> {
  const text = await readText(file, what);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new InputError(`${shown(file)}: not valid JSON: ${reason(error)}`);
  }
  const parsed = schema.safeParse(data);
  if (!parsed.success) throw new InputError(describeIssues(shown(file), parsed.error.issues));
  return parsed.data;
}

/** readJson for a file that may not be there: undefined when it is not. */
export async function readJsonIfPresent<S extends z.ZodType>(file: string, schema: S, what: string): Promise<z.infer<S> | undefined> {
  try {
    await fs.access(file);
  } catch {
    return undefined;
  }
  return readJson(file, schema, what);
}

/** Writes a file so that a reader never sees half of it: write beside it, then rename. */
export async function writeAtomic(file: string, data: string | Buffer): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  // Loaded on the first write: most runs write nothing but stdout.
  const { default: writeFileAtomic } = await import('write-file-atomic');
  await writeFileAtomic(file, data);
}

/** A file or folder a command reads, and so must never write over or into. */
export interface Input {
  path: string;
  /** What it is, for the message: "the transcript", "the scans folder". */
  what: string;
  /** A folder: nothing may be written anywhere inside it. */
  folder?: boolean;
}

/**
 * Refuses to write `target` (given by `flag`) onto one of a command's inputs, or into an input folder.
 * Paths are compared as the file system sees them, not as typed: `./x`, `a/../x`, a symlink, or another
 * case on a case-insensitive disk all name the same file when they reach the same inode; a file not
 * there yet is the same as another when they have the same name in the same real folder.
 */
export async function refuseToOverwrite(flag: string, target: string, inputs: readonly Input[]): Promise<void> {
  const at = await place(target);
  for (const input of inputs) {
    const hit = input.folder ? await within(target, input.path) : (await place(input.path)) === at;
    if (hit) throw new InputError(`${flag} ${shown(target)}: that is ${input.folder ? 'inside ' : ''}${input.what} (${shown(input.path)}), which collate reads; write somewhere else`);
  }
}

/** Where a path lands: the identity (device and inode) of its nearest existing ancestor, then the names below it. */
async function place(file: string): Promise<string> {
  const rest: string[] = [];
  for (let at = path.resolve(file); ; at = path.dirname(at)) {
    try {
      const stat = await fs.stat(at);
      return [`${stat.dev}:${stat.ino}`, ...rest].join('/');
    } catch {
      if (path.dirname(at) === at) return path.resolve(file);
      rest.unshift(path.basename(at));
    }
  }
}

/** Whether a path is the folder or lies inside it, following symlinks on the way. */
async function within(target: string, folder: string): Promise<boolean> {
  let folderStat;
  try {
    folderStat = await fs.stat(folder);
  } catch {
    return false;
  }
  // The real path of the nearest existing ancestor has no symlinks left, so its parents are its real parents.
  let at = path.resolve(target);
  while (path.dirname(at) !== at) {
    try {
      at = await fs.realpath(at);
      break;
    } catch {
      at = path.dirname(at);
    }
  }
  for (; ; at = path.dirname(at)) {
    const stat = await fs.stat(at).catch(() => undefined);
    if (stat && stat.dev === folderStat.dev && stat.ino === folderStat.ino) return true;
    if (path.dirname(at) === at) return false;
  }
}

/** The thresholds of `collate check`, and the documents it checks by default. */
export const CONFIG_FILE = 'collate.config.json';

export async function loadConfig(file: string | undefined): Promise<CollateConfig> {
  const config = await readJsonIfPresent(file ?? CONFIG_FILE, CollateConfig, 'the collate config');
  if (config) return config;
  if (file) throw new InputError(`${shown(file)}: no such config file`);
  return CollateConfig.parse({});
}

export function checkDocumentId(id: string): string {
  const parsed = DocumentId.safeParse(id);
  if (!parsed.success) throw new InputError(`"${id}" is not a document id: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  return parsed.data;
}

export interface TruthDocument {
  dir: string;
  files: string[];
  pages: TruthPage[];
}

const TRUTH_FILE = /^page-.*\.truth\.json$/;

/** Loads `fixtures/<id>/page-*.truth.json` in natural order. */
export async function loadTruth(dir: string): Promise<TruthDocument> {
  let names: string[];
  try {
    names = await fs.readdir(dir);
  } catch (error) {
    throw new InputError(`${shown(dir)}: no fixture folder there (${reason(error)}); run from the project root or pass --fixtures DIR`);
  }
  const files = names.filter((name) => TRUTH_FILE.test(name)).sort(naturalCompare).map((name) => path.join(dir, name));
  if (files.length === 0) throw new InputError(`${shown(dir)}: no page-*.truth.json files in the fixture folder`);
  const pages = await Promise.all(files.map((file) => readJson(file, TruthPage, 'the page fixture')));
  const seen = new Map<string, string>();
  pages.forEach((page, i) => {
    const earlier = seen.get(page.label);
    if (earlier !== undefined) throw new InputError(`${shown(files[i] ?? dir)}: label: page label "${page.label}" is already used by ${earlier}`);
    seen.set(page.label, shown(files[i] ?? dir));
  });
  return { dir, files, pages };
}

export function reason(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return 'no such file or folder';
    if (code === 'EACCES') return 'permission denied';
    if (code === 'EISDIR') return 'it is a folder, not a file';
    return error.message;
  }
  return String(error);
}

/**
 * Reads a decisions file. A file from a newer schema is refused, not misread; a malformed one is an
 * error naming the bad entry. A missing file is no decisions yet.
 */
export async function readDecisions(file: string): Promise<Decisions | undefined> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch {
    return undefined;
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    const backup = await fs.access(`${file}.bak`).then(() => true, () => false);
    throw new InputError(`${shown(file)}${jsonErrorPlace(text, error)}: not valid JSON: ${reason(error)}; nothing was overwritten${backup ? ` (the previous file is at ${shown(file)}.bak)` : ''}`);
  }
  const version = (data as { schemaVersion?: unknown } | null)?.schemaVersion;
  if (typeof version === 'number' && version > DECISIONS_VERSION) {
    throw new InputError(`${shown(file)}: decisions schema version ${version} is newer than this collate reads (${DECISIONS_VERSION}); upgrade collate`);
  }
  const parsed = Decisions.safeParse(data);
  if (!parsed.success) throw new InputError(describeIssues(shown(file), parsed.error.issues));
  return parsed.data;
}

/** `:line:column` of a JSON.parse error, from the character offset V8 reports; '' when it reports none. */
function jsonErrorPlace(text: string, error: unknown): string {
  const at = /at position (\d+)/.exec(error instanceof Error ? error.message : '')?.[1];
  if (at === undefined) return '';
  const { line, column } = lineAndColumn(text, Number(at));
  return `:${line}:${column}`;
}

/** Writes decisions atomically, keeping the previous file as `<file>.bak`. */
export async function writeDecisions(file: string, decisions: Decisions): Promise<void> {
  const text = `${JSON.stringify(Decisions.parse(decisions), null, 2)}\n`;
  try {
    await fs.copyFile(file, `${file}.bak`);
  } catch {
    // No previous file to keep.
  }
  await writeAtomic(file, text);
}

/**
 * Reads an edition transcript: UTF-8 (a byte-order mark is dropped), CRLF line ends read as LF. Offsets
 * in the apparatus count characters of the text so read.
 */
export async function readTranscript(file: string, what = 'transcript'): Promise<{ text: string; digest: string }> {
  let bytes: Buffer;
  try {
    bytes = await fs.readFile(file);
  } catch (error) {
    throw new InputError(`${shown(file)}: cannot read the ${what}: ${reason(error)}`);
  }
  const foreign = foreignEncoding(bytes);
  if (foreign?.iconv) {
    const converted = `${path.basename(file, path.extname(file))}.utf8${path.extname(file)}`;
    throw new InputError(`${shown(file)}: the ${what} is ${foreign.name}, not UTF-8; convert it: iconv -f ${foreign.iconv} -t UTF-8 ${shown(file)} > ${converted}`);
  }
  if (foreign) throw new InputError(`${shown(file)}: the ${what} is ${foreign.name}; give a UTF-8 text file`);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    const bad = firstInvalidUtf8(bytes);
    const where = lineAndColumn(bytes.subarray(0, bad).toString('utf8'), bytes.subarray(0, bad).toString('utf8').length);
    throw new InputError(`${shown(file)}:${where.line}:${where.column}: the ${what} is not UTF-8 (byte 0x${bytes[bad]?.toString(16)} at offset ${bad}); convert it, e.g. iconv -f windows-1252 -t utf-8`);
  }
  text = text.replace(/\r\n?/g, '\n');
  if (text.trim() === '') throw new InputError(`${shown(file)}: the ${what} is empty`);
  return { text, digest: `sha256:${createHash('sha256').update(text).digest('hex')}` };
}

/**
 * Share of NUL bytes at offsets of one parity above which text is read as UTF-16 without a byte-order
 * mark. Latin-script UTF-16 puts every NUL at odd offsets (little-endian) or even ones (big-endian); a
 * character such as U+0100 puts one on the other side, so "all" would miss such texts. Binary data scatters
 * its NULs over both.
 */
const UTF16_NUL_SHARE = 0.9;
/**
 * Share of all bytes that must be NUL for UTF-16 without a mark: Latin-script UTF-16 is half NULs (an
 * English transcript, 878's, is 49.9%), while a stray NUL in UTF-8 text is one byte in thousands.
 */
const UTF16_NUL_DENSITY = 0.25;

/**
 * What text that is not UTF-8 looks like, by a byte-order mark or by its NUL bytes: text never holds
 * U+0000. Undefined for bytes with neither.
 */
function foreignEncoding(bytes: Buffer): { name: string; iconv?: string } | undefined {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { name: 'UTF-16LE (with a byte-order mark)', iconv: 'UTF-16LE' };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { name: 'UTF-16BE (with a byte-order mark)', iconv: 'UTF-16BE' };
  if (!bytes.includes(0)) return undefined;
  let odd = 0;
  let even = 0;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] !== 0) continue;
    if (i % 2 === 1) odd++;
    else even++;
  }
  const utf16 = odd + even >= UTF16_NUL_DENSITY * bytes.length;
  if (utf16 && odd >= UTF16_NUL_SHARE * (odd + even)) return { name: 'UTF-16LE (no byte-order mark)', iconv: 'UTF-16LE' };
  if (utf16 && even >= UTF16_NUL_SHARE * (odd + even)) return { name: 'UTF-16BE (no byte-order mark)', iconv: 'UTF-16BE' };
  return { name: `not text: it holds NUL bytes (the first at offset ${bytes.indexOf(0)})` };
}

/** The offset of the first byte that breaks UTF-8. */
function firstInvalidUtf8(bytes: Buffer): number {
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i]!;
    const size = b < 0x80 ? 1 : b >> 5 === 0b110 ? 2 : b >> 4 === 0b1110 ? 3 : b >> 3 === 0b11110 ? 4 : 0;
    if (size === 0) return i;
    for (let k = 1; k < size; k++) if (bytes[i + k] === undefined || bytes[i + k]! >> 6 !== 0b10) return i;
    i += size;
  }
  return bytes.length;
}
