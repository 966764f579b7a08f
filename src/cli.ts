/**
 * The command line: commander wiring only. Each command is a plain function in src/commands/, loaded
 * when it runs, so that `--help` and a command that reads the cache do not wait for modules they do not
 * use (sharp, tesseract.js, MuPDF, the XML libraries).
 * Errors are caught here, once, and turned into one line on stderr and an exit code.
 */
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import type { ScanOptions } from './commands/common.js';
import type { Format } from './commands/run.js';
import { DEFAULT_CACHE_DIR, DEFAULT_OCR, DEFAULT_SEED, defaultJobs } from './defaults.js';
import { CheckFailed, InputError, InternalError } from './errors.js';
import type { FacsimileStyle, OcrOptions } from './model.js';

const log = (line: string) => process.stderr.write(`${line}\n`);

function integer(name: string, min: number, max = Number.MAX_SAFE_INTEGER) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max) throw new InvalidArgumentError(`${name} must be a whole number from ${min} to ${max}.`);
    return n;
  };
}

interface FacsimileFlags {
  fixtures?: string;
  out?: string;
  force?: boolean;
  seed?: number;
  quality: number;
  jobs: number;
  layout?: FacsimileStyle['layout'];
  headerDrop?: number;
  routingOnHeader?: boolean;
  stampInk?: FacsimileStyle['stampInk'];
  grayscale?: boolean;
  dpi?: number;
  copy?: FacsimileStyle['copy'];
}

/** The options of every command that reads page images. */
interface ScanFlags {
  scans?: string;
  pages?: string;
  cacheDir: string;
  cache: boolean;
  jobs: number;
  engine: OcrOptions['engine'];
  model: OcrOptions['model'];
  config?: string;
}

function withScanOptions(command: Command): Command {
  return command
    .option('--scans <dir>', 'folder of page images: PNG, JPEG, TIFF or PDF (default: scans/<id>)')
    .option('--pages <range>', 'pages by position, from 1: 3, 3-7, 1-3,9')
    .option('--cache-dir <dir>', 'OCR cache folder', DEFAULT_CACHE_DIR)
    .option('--no-cache', 'read every page afresh, and store nothing')
    .option('--jobs <n>', 'OCR workers, one per core by default', integer('--jobs', 1, 64), defaultJobs())
    .addOption(new Option('--engine <engine>', 'recognizer: tesseract.js LSTM or legacy, or the native tesseract CLI if installed').choices(['lstm', 'legacy', 'native']).default(DEFAULT_OCR.engine))
    .addOption(new Option('--model <model>', 'LSTM model: tessdata_fast or tessdata_best (integer); see BENCHMARKS.md').choices(['fast', 'best']).default(DEFAULT_OCR.model))
    .option('--config <file>', "the collate config: check's thresholds, the collection's strip terms (default: collate.config.json, when there)");
}

function scanOptions(flags: ScanFlags): ScanOptions {
  return { scans: flags.scans, pages: flags.pages, cache: flags.cache ? flags.cacheDir : false, jobs: flags.jobs, ocr: { engine: flags.engine, model: flags.model }, config: flags.config, log };
}

export function program(): Command {
  const cli = new Command('collate')
    .description('Collate OCR of typewritten archival scans against a published edition into a critical apparatus.')
    .version('0.1.0')
    .exitOverride()
    // One line on stderr, like every other error: commander's message, prefixed and with where to look.
    .configureOutput({ outputError: (message, write) => write(`collate: ${message.replace(/^error: /, '').trim()} (see --help)\n`) });

  cli
    .command('facsimile')
    .description('Render a document’s ground-truth fixture into facsimile page images and a manifest.')
    .argument('<id>', 'document id, e.g. 511')
    .option('--fixtures <dir>', 'fixture folder (default: fixtures/<id>)')
    .option('--out <dir>', 'output folder (default: scans/<id>)')
    .option('--force', 'render even into a folder that holds page images collate did not render, overwriting them')
    .option('--seed <n>', `random seed; the same seed gives the same bytes (default: the fixture's facsimile.json, else ${DEFAULT_SEED})`, integer('--seed', 0, 2 ** 31 - 1))
    .option('--quality <q>', 'JPEG quality', integer('--quality', 30, 100), 80)
    .option('--jobs <n>', 'pages rendered at once', integer('--jobs', 1, 64), 2)
    .addOption(new Option('--layout <design>', 'page design, for every page').choices(['telegram', 'despatch']))
    .option('--header-drop <px>', 'set the heading matter this many pixels (at 300 dpi) lower', integer('--header-drop', 0, 1500))
    .option('--routing-on-header', 'type the routing code on the continuation header’s line')
    .addOption(new Option('--stamp-ink <ink>', 'stamp ink').choices(['colour', 'black']))
    .option('--grayscale', 'scan in grayscale')
    .option('--dpi <n>', 'scanning resolution; pages are drawn at 300 dpi and resampled', integer('--dpi', 72, 300))
    .addOption(new Option('--copy <kind>', 'what was scanned').choices(['original', 'photocopy', 'carbon']))
    .action(async (id: string, flags: FacsimileFlags) => {
      const { fixtures, out, force, seed, quality, jobs, layout, headerDrop, routingOnHeader, stampInk, grayscale, dpi, copy } = flags;
      const style = Object.fromEntries(Object.entries({ layout, headerDrop, routingOnHeader, stampInk, grayscale, dpi, copy }).filter(([, v]) => v !== undefined));
      const { facsimile } = await import('./commands/facsimile.js');
      await facsimile(id, { fixtures, out, force, seed, quality, jobs, style, log });
    });

  withScanOptions(
    cli
      .command('ocr')
      .description('Print the message text of a document’s page images: OCR, with stamps, headers and catchwords stripped.')
      .argument('<id>', 'document id, e.g. 511')
      .option('--json', 'words with page, line, bbox and confidence, and the stripped lines with their rules')
      .option('--raw', 'the OCR before stripping'),
  ).action(async (id: string, options: ScanFlags & { json?: boolean; raw?: boolean }) => {
    const { ocr } = await import('./commands/ocr.js');
    process.stdout.write(await ocr(id, { ...scanOptions(options), json: options.json, raw: options.raw }));
  });

  withScanOptions(
    cli
      .command('run')
      .description('Collate the scan against the edition: OCR, strip, align, and type every difference into an apparatus.')
      .argument('<id>', 'document id, e.g. 511')
      .option('--transcript <file>', 'the edition: FRUS plain text or TEI P5 (default: transcripts/<id>.txt)')
      .option('--tei-doc <id>', 'in a TEI file of several documents (a FRUS volume), the xml:id of the one to collate, e.g. d475')
      .option('--ocr <file|dir>', 'collate this scan witness instead of OCRing the scans: plain text (pages split at form feeds), hOCR or ALTO from another engine, or a folder of them')
      .addOption(new Option('--format <format>', 'output format (default: json when piped, text on a terminal)').choices(['json', 'tei', 'text']))
      .option('--out <file>', 'write the apparatus here (atomically) instead of stdout'),
  ).action(async (id: string, options: ScanFlags & { transcript?: string; teiDoc?: string; ocr?: string; format?: Format; out?: string }) => {
    const format = options.format ?? (process.stdout.isTTY && !options.out ? 'text' : 'json');
    const { run } = await import('./commands/run.js');
    const { output } = await run(id, { ...scanOptions(options), transcript: options.transcript, teiDoc: options.teiDoc, ocrFile: options.ocr, format, out: options.out });
    if (!options.out) process.stdout.write(output);
  });

  withScanOptions(
    cli
      .command('eval')
      .description('Measure OCR and stripping against the ground truth: fixtures/<id>, or ALTO or PAGE files beside the page images (or under --truth): CER, WER, leaks and losses.')
      .argument('<id>', 'document id, e.g. 511')
      .option('--fixtures <dir>', 'ground-truth folder (default: fixtures/<id>)')
      .option('--truth <dir>', 'line-level ground truth, ALTO or PAGE, one file per page image named after it (default: beside the images, when there)')
      .addOption(new Option('--baseline <engine>', 'also run native tesseract on the same pages and score it the same way, nothing stripped').choices(['tesseract']))
      .option('--transcript <file>', 'the edition text, for scoring the apparatus against the gold (default: transcripts/<id>.txt)')
      .option('--json', 'the report as JSON'),
  ).action(async (id: string, options: ScanFlags & { fixtures?: string; truth?: string; baseline?: 'tesseract'; transcript?: string; json?: boolean }) => {
    const { evalOutput } = await import('./commands/eval.js');
    process.stdout.write(await evalOutput(id, { ...scanOptions(options), fixtures: options.fixtures, truth: options.truth, baseline: options.baseline, transcript: options.transcript, json: options.json }));
  });

  withScanOptions(
    cli
      .command('diff')
      .description('Show the differences in the terminal, word by word, coloured by type, with page and line in the margin.')
      .argument('<id>', 'document id, e.g. 511')
      .option('--type <types...>', 'only these types: garble, editorial, substantive, accidental, ocr')
      .option('--side-by-side', 'the edition’s context beside the scan’s line, entry by entry')
      .option('--no-color', 'no colour (also when NO_COLOR is set or the output is piped)')
      .option('--transcript <file>', 'the edition: FRUS plain text or TEI P5 (default: transcripts/<id>.txt)')
      .option('--tei-doc <id>', 'in a TEI file of several documents, the xml:id of the one to collate')
      .option('--ocr <file|dir>', 'a scan witness instead of OCR (plain text, hOCR, ALTO)'),
  ).action(async (id: string, options: ScanFlags & { type?: string[]; sideBySide?: boolean; color: boolean; transcript?: string; teiDoc?: string; ocr?: string }) => {
    const color = options.color && Boolean(process.stdout.isTTY) && process.env.NO_COLOR === undefined;
    const { diff, page } = await import('./commands/diff.js');
    await page(await diff(id, { ...scanOptions(options), transcript: options.transcript, teiDoc: options.teiDoc, ocrFile: options.ocr, types: options.type, sideBySide: options.sideBySide, color }));
  });

  withScanOptions(
    cli
      .command('review')
      .description('Record reviewers’ decisions on apparatus entries in transcripts/<id>.decisions.json (saved after each, with a backup).')
      .argument('<id>', 'document id, e.g. 511')
      .option('--accept <ids...>', 'accept these entries as variants')
      .option('--ocr-error <ids...>', 'mark these entries as OCR errors')
      .option('--reject <ids...>', 'reject these entries')
      .option('--forget <ids...>', 'remove these orphaned decisions, whose entries are no longer in the apparatus')
      .option('--confirm-edition', 'the edition changed and left nothing to decide: record that the decisions hold for it as it is now')
      .option('--from <file>', 'decisions from a JSON file: [{ "id", "status", "type"?, "subtype"?, "note"? }]')
      .option('--note <text>', 'a note to record with --accept, --ocr-error or --reject')
      .option('--reviewer <name>', 'who decides (default: $COLLATE_REVIEWER or the login name)')
      .option('--type <types...>', 'interactive: only these types (default: all but accidental)')
      .option('--unreviewed', 'interactive: only entries not yet decided')
      .option('--suspect', 'interactive: only entries the noise model marked suspect (a misread into a real word, or a doubtful call)')
      .option('--dismiss-ocr', 'mark every undecided ocr entry that is not suspect as an OCR error')
      .option('--transcript <file>', 'the edition: FRUS plain text or TEI P5 (default: transcripts/<id>.txt)')
      .option('--tei-doc <id>', 'in a TEI file of several documents, the xml:id of the one to collate'),
  ).action(async (id: string, options: ScanFlags & { accept?: string[]; ocrError?: string[]; reject?: string[]; forget?: string[]; confirmEdition?: boolean; from?: string; note?: string; reviewer?: string; transcript?: string; teiDoc?: string; type?: string[]; unreviewed?: boolean; suspect?: boolean; dismissOcr?: boolean }) => {
    const { review } = await import('./commands/review.js');
    await review(id, { ...scanOptions(options), ...options, types: options.type, cache: options.cache ? options.cacheDir : false, log, interactive: Boolean(process.stdin.isTTY && process.stdout.isTTY) });
  });

  withScanOptions(
    cli
      .command('check')
      .description('The CI gate: exit code 1 unless the edition, the decisions, the OCR and the schema all hold.')
      .argument('[ids...]', 'documents to check (default: those in collate.config.json)')
      .option('--transcripts <dir>', 'where the editions (<id>.txt, or TEI <id>.xml) and their decisions are', 'transcripts')
      .option('--tei-doc <id>', 'in a TEI edition of several documents, the xml:id of the one to collate')
      .option('--fixtures <dir>', 'ground truth for the body CER (default: fixtures/<id>, skipped when absent); one document only')
      .option('--json', 'the findings as JSON')
      .option('--junit <file>', 'also write the findings as JUnit XML for CI systems'),
  ).action(async (ids: string[], options: ScanFlags & { transcripts: string; teiDoc?: string; fixtures?: string; json?: boolean; junit?: string }) => {
    const { annotations, check } = await import('./commands/check.js');
    const { findings, output } = await check(ids, { ...scanOptions(options), transcripts: options.transcripts, teiDoc: options.teiDoc, fixtures: options.fixtures, config: options.config, json: options.json, junit: options.junit });
    process.stdout.write(output);
    if (process.env.GITHUB_ACTIONS === 'true' && findings.length > 0) process.stdout.write(`${annotations(findings)}\n`);
    if (findings.some((f) => f.fatal)) throw new CheckFailed(`fidelity does not hold: ${findings.filter((f) => f.fatal).length} problem(s)`);
  });

  return cli;
}

export async function main(argv: string[]): Promise<number> {
  try {
    await program().parseAsync(argv);
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander has already printed its message; help and version are not errors.
      return error.exitCode === 0 || error.code === 'commander.helpDisplayed' || error.code === 'commander.version' ? 0 : 2;
    }
    if (error instanceof InputError || error instanceof CheckFailed) {
      for (const line of error.message.split('\n')) log(`collate: ${line}`);
      return error.exitCode;
    }
    if (error instanceof InternalError) {
      log(`collate: internal error: ${error.message}`);
      return error.exitCode;
    }
    log(`collate: internal error: ${error instanceof Error ? error.message : String(error)}`);
    if (process.env.DEBUG !== undefined && error instanceof Error) log(error.stack ?? '');
    else log('collate: set DEBUG=1 for the stack trace, and please report it');
    return 70;
  }
}
