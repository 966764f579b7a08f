/**
 * A real terminal for tests that drive the CLI as a user at a keyboard would: a tmux session, its screen,
 * and waiting for the screen to show something. Where tmux is missing, such tests report themselves skipped.
 */
import { execFileSync } from 'node:child_process';

/** Whether tmux is here (.ci/run installs it). */
export const hasTmux = (() => {
  try {
    execFileSync('tmux', ['-V']);
    return true;
  } catch {
    return false;
  }
})();

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** One named tmux session: run tmux commands on it, read its screen, wait for it, end it. */
export function terminal(session: string) {
  const tmux = (...args: string[]) => execFileSync('tmux', args, { encoding: 'utf8' });
  const screen = () => tmux('capture-pane', '-p', '-t', session);
  return {
    session,
    tmux,
    screen,
    /** The screen once it shows `pattern`; an error with the screen as it stands after `seconds`. */
    async waitFor(pattern: RegExp, seconds = 60): Promise<string> {
      for (let i = 0; i < seconds * 5; i++) {
        const text = screen();
        if (pattern.test(text)) return text;
        await sleep(200);
      }
      throw new Error(`the screen never showed ${pattern}:\n${screen()}`);
    },
    kill() {
      try {
        tmux('kill-session', '-t', session);
      } catch {
        // Already gone.
      }
    },
  };
}
