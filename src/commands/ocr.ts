/**
 * `collate ocr <id>`: the body text of the selected pages, stripped, in reading order; `--raw` for the OCR
 * before stripping; `--json` for words with page, line, bbox and confidence, and the stripped lines with
 * their rules.
 */
import { shown } from '../files.js';
import { OcrOutput } from '../model.js';
import { readDocument, type ScanOptions } from './common.js';

export interface OcrOptions extends ScanOptions {
  json?: boolean;
  raw?: boolean;
}

/** Returns what the command prints to stdout. */
export async function ocr(id: string, options: OcrOptions = {}): Promise<string> {
  const { ocr: read, pages } = await readDocument(id, options);
  if (options.json) {
    const linesOf = (i: number) => (options.raw ? read[i]!.lines.map((line) => ({ ...line, line: line.index })) : pages[i]!.body);
    const output = OcrOutput.parse({
      document: id,
      pages: pages.map((page, i) => ({
        label: page.label,
        file: shown(page.file),
        width: page.width,
        height: page.height,
        ...(options.raw ? { lines: read[i]!.lines } : { body: page.body }),
        ...(page.unread ? { unread: page.unread } : {}),
      })),
      words: pages.flatMap((page, i) => linesOf(i).flatMap((line) => line.words.map((word) => ({ page: page.label, file: shown(page.file), line: line.line, ...word })))),
      stripped: pages.flatMap((page) => page.stripped.map((line) => ({ ...line, file: shown(line.file) }))),
    });
    return `${JSON.stringify(output, null, 2)}\n`;
  }
  const blocks = options.raw ? read.map((page) => page.lines.map((line) => line.text)) : pages.map((page) => page.body.map((line) => line.text));
  return blocks.map((lines) => lines.join('\n')).filter((text) => text !== '').join('\n\n') + '\n';
}
