/**
 * The OCR progress bar in a real terminal (tmux): Ctrl-C or SIGTERM while it is shown leaves the terminal
 * as it was, with the cursor shown and line wrap on. Runs the built CLI (npm test builds it first).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { hasTmux, terminal } from '../helpers/tmux.js';

const root = path.resolve(import.meta.dirname, '../..');
const { session, tmux, waitFor, kill } = terminal(`collate-progress-${process.pid}`);

/** The pane's terminal modes: is the cursor shown, and does a long line wrap. */
const modes = () => tmux('display-message', '-p', '-t', session, '#{cursor_flag} #{wrap_flag}').trim();

afterEach(kill);

describe.skipIf(!hasTmux)('the OCR progress bar in a terminal (needs tmux)', () => {
  it.each([
    ['Ctrl-C', 'SIGINT', 130],
    ['SIGTERM', 'SIGTERM', 143],
  ])('%s while the bar is shown restores the cursor and line wrap', async (_name, signal, status) => {
    const cache = mkdtempSync(path.join(tmpdir(), 'collate-progress-cache-'));
    // A user at a terminal: CI is unset, since collate shows plain lines, not a bar, when CI is set (as on CI).
    // A shell that outlives the CLI, so the pane's modes can be read after it. Its trap runs a command, so the
    // CLI gets the default SIGINT, as from an interactive shell.
    const script = `trap 'echo interrupted' INT; cd ${root} && env -u CI node bin/collate.js ocr 511 --pages 1-4 --jobs 1 --cache-dir ${cache}; echo EXITED $?; sleep 60`;
    tmux('new-session', '-d', '-s', session, '-x', '100', '-y', '20', 'bash', '-c', script);
    await waitFor(/OCR \[/);
    expect(modes()).toBe('0 0'); // the bar hid the cursor and turned wrap off
    if (signal === 'SIGINT') tmux('send-keys', '-t', session, 'C-c');
    else {
      const shell = tmux('display-message', '-p', '-t', session, '#{pane_pid}').trim();
      process.kill(Number(execFileSync('pgrep', ['-P', shell], { encoding: 'utf8' }).trim().split('\n')[0]), 'SIGTERM');
    }
    // It ended of the signal, as it would have without the bar, and the terminal is as it was.
    await waitFor(new RegExp(`EXITED ${status}`));
    expect(modes()).toBe('1 1');
  }, 120_000);
});
