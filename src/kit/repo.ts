// Shared pieces of the repo.* checks: the schema of a repository path, the resource a file finding is
// about, and the one lookup that tells "absent" from "not collected" from "unreadable".
import { Type } from '@sinclair/typebox';
import type { ResourceRef } from '../model/types.js';
import type { FactItem } from '../snapshot/facts.js';
import { REPO_PATH_PATTERN } from '../util/repo-path.js';

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
