// Where the CLI writes: stdout for results, stderr for problems and progress. Injected so tests and the
// demo can capture output; colour only on a TTY and never with NO_COLOR.
export interface Io {
  out(text: string): void;
  err(text: string): void;
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** True when stdout is a terminal that may show colour. */
  color: boolean;
  /** True when stderr is a terminal (progress is shown only then). */
  interactive: boolean;
}

export function processIo(): Io {
  const env = process.env;
  const noColor = env.NO_COLOR !== undefined && env.NO_COLOR !== '';
  return {
    out: (t) => process.stdout.write(t),
    err: (t) => process.stderr.write(t),
    env,
    cwd: process.cwd(),
    color: Boolean(process.stdout.isTTY) && !noColor && env.TERM !== 'dumb',
    interactive: Boolean(process.stderr.isTTY) && !env.CI,
  };
}

/** Ends a command with an exit code; a message, if any, goes to stderr. */
export class CliExit extends Error {
  constructor(
    readonly exitCode: number,
    message = '',
  ) {
    super(message);
  }
}

export const EXIT = { passed: 0, failed: 1, invalid: 2, incomplete: 3 } as const;
