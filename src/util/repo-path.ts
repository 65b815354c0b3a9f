// Repository-relative paths that policies may name: forward slashes, no absolute paths, no `.` or `..`
// segments, no empty segments, no backslashes or NULs. Checked by the options schema and again by the repo
// collector before any read.

/** JSON Schema pattern for a safe repository-relative path. */
export const REPO_PATH_PATTERN = '^(?!/)(?!.*//)(?!.*/$)(?!(?:.*/)?\\.\\.?(?:/|$))[^\\\\\\u0000]+$';

const re = new RegExp(REPO_PATH_PATTERN, 'u');

export function isSafeRepoPath(p: string): boolean {
  return re.test(p);
}
