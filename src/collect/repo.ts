// The repo source: the files of the target's repository that enabled policies name (CollectNeeds.repoPaths)
// and nothing else — read from the local checkout (target.repo.path) or, when the target has no path,
// through the GitHub contents API. Paths never leave the repository: unsafe paths are refused and
// symlinks resolving outside the root are not followed. An absent file is a fact; an unreadable one is a
// problem on that file; a repository that cannot be read at all is a FactError.
import { createHash } from 'node:crypto';
import { readFile, realpath, stat } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { ResolvedTarget } from '../config/schema.js';
import type { FactItem, FactName } from '../snapshot/facts.js';
import type { FactError } from '../snapshot/snapshot.js';
import { createLimit } from '../util/limit.js';
import { isSafeRepoPath } from '../util/repo-path.js';
import { describeGitHubError, GITHUB_OPS, type GitHubLimits, githubContext, statusOf } from './github.js';
import { redact } from './net.js';
import type { CollectOptions, SliceResult, SourceCollector } from './types.js';

type RepoFile = FactItem<'repo.files'>;

export interface RepoLimits {
  /** Files larger than this are recorded with their size but without text or digest. */
  maxContentBytes: number;
}
export const REPO_LIMITS: RepoLimits = { maxContentBytes: 1024 * 1024 };

const LOCAL_OP = 'fs:read {repo.path}/{path}';

function withContent(base: RepoFile, buf: Buffer, size: number, max: number): RepoFile {
  if (size > max || buf.length > max) return { ...base, size, truncated: true };
  const sha256 = createHash('sha256').update(buf).digest('hex');
  return { ...base, size: buf.length, sha256, ...(buf.includes(0) ? {} : { content: buf.toString('utf8') }) };
}

const unsafe = (path: string, source: RepoFile['source']): RepoFile => ({
  path,
  source,
  exists: false,
  problem: {
    code: 'UnsafePath',
    message: 'a repository path must be relative, without "." or ".." segments',
  },
});

async function readLocal(realRoot: string, path: string, max: number): Promise<RepoFile> {
  if (!isSafeRepoPath(path)) return unsafe(path, 'local');
  const base: RepoFile = { path, source: 'local', exists: true };
  let real: string;
  try {
    real = await realpath(join(realRoot, ...path.split('/')));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'ReadFailed';
    if (code === 'ENOENT' || code === 'ENOTDIR') return { ...base, exists: false };
    return { ...base, problem: { code, message: `cannot resolve ${path}` } };
  }
  const rel = relative(realRoot, real);
  if (rel === '' || rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) {
    return {
      ...base,
      problem: { code: 'OutsideRepository', message: `${path} resolves outside the repository` },
    };
  }
  try {
    const st = await stat(real);
    if (!st.isFile()) return { ...base, kind: st.isDirectory() ? 'dir' : 'other' };
    const file = { ...base, kind: 'file' as const };
    if (st.size > max) return { ...file, size: st.size, truncated: true };
    return withContent(file, await readFile(real), st.size, max);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'ReadFailed';
    return { ...base, problem: { code, message: `cannot read ${path}` } };
  }
}

interface ContentEntry {
  type?: string;
  size?: number;
  encoding?: string;
  content?: string;
}

function fromContents(path: string, data: ContentEntry | ContentEntry[], max: number): RepoFile {
  const base: RepoFile = { path, source: 'github', exists: true };
  if (Array.isArray(data)) return { ...base, kind: 'dir' };
  if (data.type === 'symlink') return { ...base, kind: 'symlink' };
  if (data.type !== 'file') return { ...base, kind: 'other' };
  const size = data.size ?? 0;
  const file = { ...base, kind: 'file' as const };
  // Files over 1 MB come back with encoding "none" and no content.
  if (data.encoding !== 'base64' || (data.content === '' && size > 0))
    return { ...file, size, truncated: true };
  return withContent(file, Buffer.from(data.content ?? '', 'base64'), size, max);
}

export function createRepoCollector(
  o: { limits?: Partial<RepoLimits>; github?: Partial<GitHubLimits> } = {},
): SourceCollector {
  const { maxContentBytes } = { ...REPO_LIMITS, ...o.limits };
  return {
    source: 'repo',
    facts: ['repo.files'],
    async collect(target: ResolvedTarget, facts: FactName[], options: CollectOptions): Promise<SliceResult> {
      const calls: Record<string, number> = {};
      if (!facts.includes('repo.files')) return { facts: {}, errors: [], calls };
      const paths = [...new Set(options.needs?.repoPaths ?? [])].sort();
      const limit = createLimit(Math.max(1, options.concurrency));
      const failed = (operation: string, code: string, message: string) => ({
        facts: {},
        errors: [{ fact: 'repo.files', source: 'repo', operation, code, message } satisfies FactError],
        calls,
      });

      if (target.repo?.path) {
        let realRoot: string;
        try {
          realRoot = await realpath(resolve(target.repo.path));
          if (!(await stat(realRoot)).isDirectory()) throw Object.assign(new Error(), { code: 'ENOTDIR' });
        } catch (err) {
          const code = (err as NodeJS.ErrnoException).code ?? 'ReadFailed';
          return failed(
            LOCAL_OP,
            'RepoNotFound',
            `repository path ${target.repo.path} cannot be read (${code})`,
          );
        }
        const files = await Promise.all(
          paths.map((p) =>
            limit(() => {
              calls[LOCAL_OP] = (calls[LOCAL_OP] ?? 0) + 1;
              return readLocal(realRoot, p, maxContentBytes);
            }),
          ),
        );
        return { facts: { 'repo.files': files }, errors: [], calls };
      }

      if (!target.github) {
        return failed('repo:locate', 'NotConfigured', 'the target has neither repo.path nor github.repo');
      }
      const ctx = githubContext(target, options, calls, o.github);
      if (!ctx.ok) return failed(GITHUB_OPS.contents, ctx.code, ctx.message);
      const { client, owner, repo, secrets } = ctx;
      try {
        // The repository first: a 404 for a file means "absent" only when the repository is readable.
        await client.rest.repos.get({ owner, repo });
      } catch (err) {
        const d = describeGitHubError(err, secrets);
        return failed(GITHUB_OPS.repo, d.code, redact(d.message, secrets));
      }
      try {
        const files = await Promise.all(
          paths.map((p) =>
            limit(async () => {
              if (!isSafeRepoPath(p)) return unsafe(p, 'github');
              try {
                const { data } = await client.rest.repos.getContent({ owner, repo, path: p });
                return fromContents(p, data as ContentEntry | ContentEntry[], maxContentBytes);
              } catch (err) {
                if (statusOf(err) === 404) return { path: p, source: 'github' as const, exists: false };
                throw err;
              }
            }),
          ),
        );
        return { facts: { 'repo.files': files }, errors: [], calls };
      } catch (err) {
        const d = describeGitHubError(err, secrets);
        return failed(GITHUB_OPS.contents, d.code, redact(d.message, secrets));
      }
    },
  };
}

export const repoCollector: SourceCollector = createRepoCollector();
