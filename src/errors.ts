/**
 * The few errors the tool raises on purpose. `cli.ts` catches them once and maps each to an exit code
 * and one line on stderr; anything else is a bug and is reported as an internal error.
 */

/** Bad input or usage: a missing file, a malformed fixture, a page range that does not exist. Exit code 2. */
export class InputError extends Error {
  readonly exitCode = 2;
  constructor(message: string) {
    super(message);
    this.name = 'InputError';
  }
}

/** A check ran and failed. Exit code 1. */
export class CheckFailed extends Error {
  readonly exitCode = 1;
  constructor(message: string) {
    super(message);
    this.name = 'CheckFailed';
  }
}

/** The tool found its own result wrong (the apparatus lost text): a bug, not bad input. Exit code 70. */
export class InternalError extends Error {
  readonly exitCode = 70;
  constructor(message: string) {
    super(message);
    this.name = 'InternalError';
  }
}

/** Formats zod issues as `file: path: message`, one per line, for an InputError. */
export function describeIssues(file: string, issues: readonly { path: readonly PropertyKey[]; message: string }[]): string {
  return issues
    .map((issue) => {
      const where = issue.path.length > 0 ? issue.path.map(String).join('.') : '(top level)';
      return `${file}: ${where}: ${issue.message}`;
    })
    .join('\n');
}
