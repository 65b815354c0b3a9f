// Shared pieces of the repo.* checks: the schema of a repository path, the resource a file finding is
// about, and the one lookup that tells "absent" from "not collected" from "unreadable".

import type { ResourceRef } from '../model/types.js';
import type { FactItem } from '../snapshot/facts.js';
import { REPO_PATH_PATTERN } from '../util/repo-path.js';
import { Type } from '../util/typebox.js';
import type { CheckResult } from './define.js';

export type RepoFileItem = FactItem<'repo.files'>;

export const RepoPath = (description: string) =>
  Type.String({
    pattern: REPO_PATH_PATTERN,
    minLength: 1,
    description: `${description} Relative to the repository root.`,
  });

export function fileRef(path: string): ResourceRef {
  return { type: 'repo.file', id: path };
}

export type Lookup =
  | { state: 'notCollected' }
  | { state: 'problem'; file: RepoFileItem; code: string; error: string }
  | { state: 'absent'; file: RepoFileItem }
  | { state: 'present'; file: RepoFileItem };

/** What the snapshot says about one path. */
export function lookup(files: readonly RepoFileItem[], path: string): Lookup {
  const file = files.find((f) => f.path === path);
  if (!file) return { state: 'notCollected' };
  if (file.problem) return { state: 'problem', file, code: file.problem.code, error: file.problem.message };
  return file.exists ? { state: 'present', file } : { state: 'absent', file };
}

/** A file as evidence: everything the snapshot holds about it except its text. */
export function fileEvidence(file: RepoFileItem): Omit<RepoFileItem, 'content'> {
  const { content: _content, ...rest } = file;
  return rest;
}

/** The messages of `readText`'s verdicts; a check that reads a text file spreads them into its own. */
export const TEXT_FILE_MESSAGES = {
  fileMissing: '{{path}} does not exist.',
  notAFile: '{{path}} is a {{kind}}, not a file.',
  notText: 'Could not judge {{path}}: it is too large or not text, so its content was not kept.',
  unreadable: 'Could not read {{path}} ({{code}}): {{error}}.',
  notCollected: 'Could not judge {{path}}: it was not collected.',
} as const;

type TextFileMessage = keyof typeof TEXT_FILE_MESSAGES;

/**
 * Reads one collected text file for a check: yields the verdict when there is no text to judge (not
 * collected or unreadable: error; absent or not a file: fail; not text: error) and returns undefined, or
 * returns the text and the file's evidence. Use with `yield*`.
 */
export function* readText(
  files: readonly RepoFileItem[],
  path: string,
): Generator<
  CheckResult<TextFileMessage>,
  { content: string; evidence: Record<string, unknown> } | undefined
> {
  const resource = fileRef(path);
  const found = lookup(files, path);
  if (found.state === 'notCollected') {
    yield { status: 'error', messageId: 'notCollected', resource, data: { path } };
    return undefined;
  }
  const evidence: Record<string, unknown> = { file: fileEvidence(found.file) };
  if (found.state === 'problem') {
    const data = { path, code: found.code, error: found.error };
    yield { status: 'error', messageId: 'unreadable', resource, data, evidence };
    return undefined;
  }
  if (found.state === 'absent') {
    yield { status: 'fail', messageId: 'fileMissing', resource, data: { path }, evidence };
    return undefined;
  }
  const { kind, content } = found.file;
  if (kind !== 'file') {
    yield {
      status: 'fail',
      messageId: 'notAFile',
      resource,
      data: { path, kind: kind ?? 'other' },
      evidence,
    };
    return undefined;
  }
  if (content === undefined) {
    yield { status: 'error', messageId: 'notText', resource, data: { path }, evidence };
    return undefined;
  }
  return { content, evidence };
}
