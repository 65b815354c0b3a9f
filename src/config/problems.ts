// Problems found while loading: data until the edge, printed all at once as file:line:col path: message.
import { compareStrings } from '../util/compare.js';

export type ProblemCode =
  | 'file-not-found'
  | 'yaml-syntax'
  | 'schema'
  | 'unknown-field'
  | 'unknown-check'
  | 'duplicate-policy'
  | 'invalid-options'
  | 'unknown-policy'
  | 'unknown-target'
  | 'unset-env'
  | 'unresolved-reference'
  | 'unknown-residency'
  | 'self-approved-waiver';

export interface Problem {
  code: ProblemCode;
  file: string;
  line: number;
  col: number;
  /** Field path inside the document, e.g. targets[0].stage or options.minRetentionDays. */
  path: string;
  message: string;
}

export function formatProblem(p: Problem): string {
  return `${p.file}:${p.line}:${p.col} ${p.path ? `${p.path}: ` : ''}${p.message}`;
}

export function pathToString(path: readonly (string | number)[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else if (/^[A-Za-z_$][\w$-]*$/.test(part)) out += out ? `.${part}` : part;
    else out += `[${JSON.stringify(part)}]`;
  }
  return out;
}

export function sortProblems(problems: Problem[]): Problem[] {
  return [...problems].sort(
    (a, b) =>
      compareStrings(a.file, b.file) ||
      a.line - b.line ||
      a.col - b.col ||
      compareStrings(a.message, b.message),
  );
}

/** A user mistake: exit 2 with every problem, never a stack trace. */
export class InputError extends Error {
  readonly code = 'INPUT_INVALID';
  constructor(readonly problems: Problem[]) {
    super(`${problems.length} problem(s) in the input`);
  }
}
