/**
 * What a newcomer's mistakes must not do: overwrite the inputs, report false problems, or pass silently.
 * Each case drives the built CLI on a copy of telegram 878's files (three pages, OCR cached).
 */
import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { Decisions } from '../../src/model.js';
import { collate, lines, project, root } from '../helpers/project.js';

beforeAll(() => {
  // Read the pages once, so that the cases below find them in the cache.
  expect(collate(project(['878']), ['ocr', '878']).code).toBe(0);
}, 300_000);

const read = (dir: string, file: string) => readFileSync(path.join(dir, file));

describe('writing never replaces what collate reads', () => {
  it('run --out refuses the transcript, its decisions and their backup, the metadata, the config, and the scans folder, however the path is spelled', () => {
    const dir = project(['878']);
    writeFileSync(path.join(dir, 'transcripts/878.decisions.json.bak'), read(dir, 'transcripts/878.decisions.json'));
    symlinkSync('transcripts/878.txt', path.join(dir, 'edition-link.txt'));
    symlinkSync('scans/878', path.join(dir, 'pages'));
    const inputs = ['transcripts/878.txt', 'transcripts/878.decisions.json', 'transcripts/878.decisions.json.bak', 'transcripts/878.json', 'collate.config.json', 'scans/878/manifest.json'];
    const before = inputs.map((file) => read(dir, file));
    const cases: [string, RegExp][] = [
      ['transcripts/878.decisions.json', /that is the decisions file \(transcripts\/878\.decisions\.json\)/],
      ['./transcripts/../transcripts/878.txt', /that is the transcript \(transcripts\/878\.txt\)/],
      ['edition-link.txt', /that is the transcript/],
      [path.join(dir, 'transcripts/878.decisions.json.bak'), /that is the decisions file’s backup/],
      ['transcripts/878.json', /that is the transcript’s metadata/],
      ['collate.config.json', /that is the collate config/],
      ['scans/878/apparatus.json', /that is inside the scans folder \(scans\/878\)/],
      ['pages/new/apparatus.json', /that is inside the scans folder/],
    ];
    for (const [out, message] of cases) {
      const ran = collate(dir, ['run', '878', '--out', out]);
      expect(ran.code, out).toBe(2);
      expect(lines(ran.stderr), out).toHaveLength(1);
      expect(ran.stderr, out).toMatch(message);
      expect(ran.stderr, out).toMatch(/which collate reads; write somewhere else/);
    }
    expect(inputs.map((file) => read(dir, file))).toEqual(before);
    expect(existsSync(path.join(dir, 'scans/878/apparatus.json'))).toBe(false);
    // A decisions file not there yet is refused all the same: review would read it.
    rmSync(path.join(dir, 'transcripts/878.decisions.json.bak'));
    expect(collate(dir, ['run', '878', '--out', 'transcripts/878.decisions.json.bak']).code).toBe(2);
    // Anywhere else is fine.
    expect(collate(dir, ['run', '878', '--out', 'out/878.json']).code).toBe(0);
    expect(JSON.parse(read(dir, 'out/878.json').toString()).document).toBe('878');
  });

  it('run --out refuses the scan witness it reads with --ocr', () => {
    const dir = project(['878']);
    writeFileSync(path.join(dir, 'witness.txt'), 'The telegram as read.\n');
    const ran = collate(dir, ['run', '878', '--ocr', 'witness.txt', '--out', 'witness.txt']);
    expect(ran.code).toBe(2);
    expect(ran.stderr).toMatch(/--out witness\.txt: that is the scan witness/);
    expect(read(dir, 'witness.txt').toString()).toBe('The telegram as read.\n');
  });

  it('check --junit and facsimile --out refuse the inputs too', () => {
    const dir = project(['878']);
    const transcript = read(dir, 'transcripts/878.txt');
    const junit = collate(dir, ['check', '878', '--junit', 'transcripts/878.txt']);
    expect(junit.code).toBe(2);
    expect(lines(junit.stderr)).toEqual([expect.stringMatching(/^collate: --junit transcripts\/878\.txt: that is the transcript/)]);
    const inScans = collate(dir, ['check', '878', '--junit', 'scans/878/report.xml']);
    expect(inScans.code).toBe(2);
    expect(inScans.stderr).toMatch(/--junit scans\/878\/report\.xml: that is inside the scans folder/);
    const facsimile = collate(dir, ['facsimile', '878', '--out', 'transcripts/878.txt']);
    expect(facsimile.code).toBe(2);
    expect(facsimile.stderr).toMatch(/--out transcripts\/878\.txt: that is the transcript/);
    const onDecisions = collate(dir, ['facsimile', '878', '--out', './transcripts/878.decisions.json']);
    expect(onDecisions.code).toBe(2);
    expect(onDecisions.stderr).toMatch(/that is the decisions file/);
    expect(read(dir, 'transcripts/878.txt')).toEqual(transcript);
    expect(existsSync(path.join(dir, 'scans/878/report.xml'))).toBe(false);
  });
});

describe('facsimile renders only where it rendered before', () => {
  it('refuses a folder of images it did not render, unless --force; renders again over its own', () => {
    const dir = project(['878']);
    rmSync(path.join(dir, 'scans/878/manifest.json'));
    const before = read(dir, 'scans/878/page-01.jpg');
    const refused = collate(dir, ['facsimile', '878']);
    expect(refused.code).toBe(2);
    expect(lines(refused.stderr)).toEqual([expect.stringMatching(/--out scans\/878: the folder holds 3 page image\(s\) that collate facsimile did not render \(page-01\.jpg, page-02\.jpg, page-03\.jpg\); render into another folder \(--out DIR\), or pass --force/)]);
    expect(read(dir, 'scans/878/page-01.jpg')).toEqual(before);

    const own = project(['878']);
    writeFileSync(path.join(own, 'scans/878/photo-of-page-4.png'), 'a user’s own scan');
    const mixed = collate(own, ['facsimile', '878']);
    expect(mixed.code).toBe(2);
    expect(mixed.stderr).toMatch(/1 page image\(s\) that collate facsimile did not render \(photo-of-page-4\.png\)/);

    rmSync(path.join(own, 'scans/878/photo-of-page-4.png'));
    expect(collate(own, ['facsimile', '878']).code).toBe(0);
    expect(collate(dir, ['facsimile', '878', '--force']).code).toBe(0);
    expect(existsSync(path.join(dir, 'scans/878/manifest.json'))).toBe(true);
  });
});

describe('--pages: a decision on a page not selected is no orphan', () => {
  it('run warns of none, and check passes on a page of the document', () => {
    const dir = project(['878']);
    const ran = collate(dir, ['run', '878', '--pages', '1', '--format', 'text']);
    expect(ran.code).toBe(0);
    expect(ran.stderr).not.toMatch(/has no entry now/);
    const checked = collate(dir, ['check', '878', '--pages', '1']);
    expect(checked.stdout).not.toMatch(/orphaned-decision/);
    expect(checked.code).toBe(0);
    // A decision on a selected page whose entry is gone is still an orphan.
    const decisions = Decisions.parse(JSON.parse(read(dir, 'transcripts/878.decisions.json').toString()));
    const onPage1 = Object.values(decisions.decisions).find((d) => d.entry.page === '1')!;
    writeFileSync(path.join(dir, 'transcripts/878.decisions.json'), JSON.stringify({ ...decisions, decisions: { ...decisions.decisions, aDEADBEEF00: onPage1 } }));
    const orphan = collate(dir, ['check', '878', '--pages', '1']);
    expect(orphan.code).toBe(1);
    expect(orphan.stdout.match(/orphaned-decision/g)).toHaveLength(1);
    expect(orphan.stdout).toMatch(/decision aDEADBEEF00/);
  });
});

describe('transcripts that are not UTF-8 text', () => {
  it('refuses UTF-16 with or without a byte-order mark, naming it and giving the iconv line, and NUL bytes', () => {
    const dir = project(['878']);
    const text = read(dir, 'transcripts/878.txt').toString('utf8');
    writeFileSync(path.join(dir, 'le.txt'), Buffer.from(text, 'utf16le'));
    writeFileSync(path.join(dir, 'bom.txt'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
    writeFileSync(path.join(dir, 'nul.txt'), Buffer.concat([Buffer.from(text.slice(0, 100)), Buffer.from([0, 0, 0, 7, 0]), Buffer.from(text.slice(100, 200)), Buffer.from([0])]));
    const le = collate(dir, ['run', '878', '--transcript', 'le.txt']);
    expect(le.code).toBe(2);
    expect(lines(le.stderr)).toEqual(['collate: le.txt: the transcript is UTF-16LE (no byte-order mark), not UTF-8; convert it: iconv -f UTF-16LE -t UTF-8 le.txt > le.utf8.txt']);
    const bom = collate(dir, ['run', '878', '--transcript', 'bom.txt']);
    expect(bom.code).toBe(2);
    expect(bom.stderr).toMatch(/bom\.txt: the transcript is UTF-16LE \(with a byte-order mark\), not UTF-8; convert it: iconv -f UTF-16LE -t UTF-8 bom\.txt/);
    expect(bom.stderr).not.toMatch(/windows-1252/);
    const nul = collate(dir, ['run', '878', '--transcript', 'nul.txt']);
    expect(nul.code).toBe(2);
    expect(lines(nul.stderr)).toEqual([`collate: nul.txt: the transcript is not text: it holds NUL bytes (the first at offset ${Buffer.byteLength(text.slice(0, 100))}); give a UTF-8 text file`]);
    // One stray NUL in UTF-8 text is no UTF-16, whichever its offset.
    writeFileSync(path.join(dir, 'one.txt'), Buffer.concat([Buffer.from(text.slice(0, 101)), Buffer.from([0]), Buffer.from(text.slice(101))]));
    expect(collate(dir, ['run', '878', '--transcript', 'one.txt']).stderr).toMatch(/one\.txt: the transcript is not text: it holds NUL bytes/);
    // The converted file is the transcript again.
    writeFileSync(path.join(dir, 'le.utf8.txt'), Buffer.from(read(dir, 'le.txt').toString('utf16le')));
    expect(collate(dir, ['run', '878', '--transcript', 'le.utf8.txt', '--format', 'json']).code).toBe(0);
  });
});

describe('check with several documents', () => {
  it('refuses options that name one document’s files', () => {
    const dir = project(['878']);
    for (const args of [['check', '511', '878', '--scans', 'scans/878'], ['check', '--pages', '1'], ['check', '511', '878', '--fixtures', 'fixtures/878']]) {
      const ran = collate(dir, args);
      expect(ran.code, args.join(' ')).toBe(2);
      expect(lines(ran.stderr), args.join(' ')).toEqual([expect.stringMatching(/^collate: --(scans|pages|fixtures) names? one document's files, and 2 documents were given \(511 878\): check them one at a time, e\.g\. collate check 511 --/)]);
    }
  });
});

describe('check measures the body CER or says why not', () => {
  it('--fixtures DIR measures against that ground truth, and a missing one is bad input', () => {
    const dir = project(['878', '511']);
    const other = collate(dir, ['check', '878', '--fixtures', 'fixtures/511']);
    expect(other.code).toBe(1);
    expect(other.stdout).toMatch(/fixtures\/511: body-cer: body CER \d+\.\d+% on fixtures\/511 is over the 0\.50% threshold/);
    expect(other.stdout).toMatch(/fix: collate eval 878 --fixtures fixtures\/511 lists the pages and lines/);
    const none = collate(dir, ['check', '878', '--fixtures', 'nowhere']);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/nowhere: no fixture folder there/);
  });

  it('a ground truth whose pages match no scanned page is bad input, not a pass', () => {
    const dir = project(['878']);
    for (const file of readdirSync(path.join(dir, 'fixtures/878')).filter((f) => f.endsWith('.truth.json'))) {
      const page = JSON.parse(read(dir, `fixtures/878/${file}`).toString());
      writeFileSync(path.join(dir, 'fixtures/878', file), JSON.stringify({ ...page, label: `x${page.label}` }));
    }
    const ran = collate(dir, ['check', '878']);
    expect(ran.code).toBe(2);
    expect(ran.stderr).toMatch(/fixtures\/878: no ground-truth page has the label of a scanned page \(1, 2, 3\)/);
  });

  it('an unexpected error while measuring is an internal error, exit 70, not a check passed', () => {
    const dir = project(['878']);
    const file = path.join(dir, 'fixtures/878/page-02.truth.json');
    const page = JSON.parse(readFileSync(file, 'utf8'));
    const body = page.lines.find((line: { class: string }) => line.class === 'body');
    body.text += ' FAULT-HERE';
    writeFileSync(file, JSON.stringify(page));
    const ran = collate(dir, ['check', '878'], { node: ['--import', path.join(root, 'test/helpers/fault.mjs')], env: { COLLATE_FAULT: 'FAULT-HERE' } });
    expect(ran.code).toBe(70);
    expect(ran.stderr).toMatch(/^collate: internal error: fault injected at "FAULT-HERE"$/m);
    expect(ran.stdout).not.toMatch(/fidelity holds/);
  });
});

describe('hints that keep what the user passed', () => {
  it('an edition changed only in accidentals names the way to confirm it, with the user’s --transcript, and that way works', () => {
    const dir = project(['878']);
    mkdirSync(path.join(dir, 'edition'));
    const text = read(dir, 'transcripts/878.txt').toString();
    for (const ext of ['json', 'decisions.json']) writeFileSync(path.join(dir, `edition/878.${ext}`), read(dir, `transcripts/878.${ext}`));
    // One comma less: an accidental, nothing a reviewer must decide.
    const comma = text.indexOf(', ', text.indexOf('insidious'));
    writeFileSync(path.join(dir, 'edition/878.txt'), text.slice(0, comma) + text.slice(comma + 1));
    const ran = collate(dir, ['check', '878', '--transcripts', 'edition']);
    expect(ran.code).toBe(1);
    expect(ran.stdout.match(/: [a-z-]+: /g)).toEqual([': edition-changed: ']);
    expect(ran.stdout).toMatch(/fix: if the change is intended, read what it changed \(collate diff 878 --transcript edition\/878\.txt --type accidental ocr\), then confirm the decisions for this edition: collate review 878 --transcript edition\/878\.txt --confirm-edition/);
    const confirm = collate(dir, ['review', '878', '--transcript', 'edition/878.txt', '--confirm-edition']);
    expect(confirm.code).toBe(0);
    expect(confirm.stderr).toMatch(/the 3 decision\(s\) now hold for edition\/878\.txt as it is/);
    expect(collate(dir, ['check', '878', '--transcripts', 'edition']).code).toBe(0);
  });

  it('an edition changed where a decision must be made refuses --confirm-edition, and its hint keeps --transcript', () => {
    const dir = project(['878']);
    mkdirSync(path.join(dir, 'edition'));
    for (const ext of ['json', 'decisions.json']) writeFileSync(path.join(dir, `edition/878.${ext}`), read(dir, `transcripts/878.${ext}`));
    writeFileSync(path.join(dir, 'edition/878.txt'), read(dir, 'transcripts/878.txt').toString().replace('the most insidious and dangerous', 'the most insidious and perilous'));
    const ran = collate(dir, ['check', '878', '--transcripts', 'edition']);
    expect(ran.code).toBe(1);
    expect(ran.stdout).toMatch(/edition-changed: .*\n {2}fix: if the change is intended, settle the 1 finding\(s\) below/);
    expect(ran.stdout).toMatch(/fix: collate review 878 --transcript edition\/878\.txt --accept a[0-9a-f]+/);
    const confirm = collate(dir, ['review', '878', '--transcript', 'edition/878.txt', '--confirm-edition']);
    expect(confirm.code).toBe(2);
    expect(confirm.stderr).toMatch(/edition\/878\.txt changed in ways to decide first \(1 unreviewed entry, 0 orphaned decision\(s\); collate check 878 lists them\); nothing was confirmed/);
  });

  it('a malformed decisions file is named with line and column, and a backup only when there is one', () => {
    const dir = project(['878']);
    const file = path.join(dir, 'transcripts/878.decisions.json');
    writeFileSync(file, '{\n  "schemaVersion": 1,\n  "document": "878",,\n}\n');
    const ran = collate(dir, ['run', '878']);
    expect(ran.code).toBe(2);
    expect(lines(ran.stderr)).toEqual([expect.stringMatching(/^collate: transcripts\/878\.decisions\.json:3:21: not valid JSON: .*; nothing was overwritten$/)]);
    appendFileSync(`${file}.bak`, read(root, 'transcripts/878.decisions.json'));
    expect(collate(dir, ['run', '878']).stderr).toMatch(/nothing was overwritten \(the previous file is at transcripts\/878\.decisions\.json\.bak\)$/m);
  });
});
