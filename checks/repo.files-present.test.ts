import { describe, expect, it } from 'vitest';
import { repoFile } from '../src/kit/builders.js';
import { CheckTester } from '../src/kit/tester.js';
import check from './repo.files-present.js';

const CODEOWNERS = { name: 'CODEOWNERS', anyOf: ['.github/CODEOWNERS', 'CODEOWNERS', 'docs/CODEOWNERS'] };
const absent = (path: string) => repoFile({ path, exists: false });

new CheckTester(check).run({
  valid: [
    {
      name: 'SECURITY.md and CODEOWNERS in .github/',
      facts: {
        'repo.files': [
          repoFile({ path: 'SECURITY.md' }),
          repoFile({ path: '.github/CODEOWNERS', content: '* @thesmios/platform\n' }),
          absent('CODEOWNERS'),
          absent('docs/CODEOWNERS'),
        ],
      },
      expect: [
        {
          status: 'pass',
          messageId: 'present',
          resource: 'CODEOWNERS',
          data: { path: '.github/CODEOWNERS' },
        },
      ],
    },
    {
      name: 'an empty file when the policy allows it',
      facts: { 'repo.files': [repoFile({ path: 'docs/runbook.md', content: '' })] },
      options: { files: ['docs/runbook.md'], allowEmpty: true },
    },
    {
      name: 'a file too large to keep its text is still present',
      facts: {
        'repo.files': [
          repoFile({ path: 'docs/runbook.md', content: undefined, size: 5_000_000, truncated: true }),
        ],
      },
      options: { files: ['docs/runbook.md'] },
    },
  ],
  invalid: [
    {
      name: 'CODEOWNERS in none of its locations',
      facts: { 'repo.files': [repoFile({ path: 'SECURITY.md' }), ...CODEOWNERS.anyOf.map(absent)] },
      expect: [
        {
          status: 'fail',
          messageId: 'missing',
          resource: 'CODEOWNERS',
          data: { candidates: '.github/CODEOWNERS, CODEOWNERS, docs/CODEOWNERS' },
        },
      ],
    },
    {
      name: 'empty file and a directory where a file should be',
      facts: {
        'repo.files': [
          repoFile({ path: 'SECURITY.md', content: '' }),
          repoFile({ path: 'docs/runbooks', kind: 'dir', content: undefined, size: undefined }),
        ],
      },
      options: { files: ['SECURITY.md', 'docs/runbooks'] },
      expect: [
        { status: 'fail', messageId: 'empty', resource: 'SECURITY.md' },
        { status: 'fail', messageId: 'notAFile', resource: 'docs/runbooks', data: { kind: 'dir' } },
      ],
    },
    {
      name: 'a symlink out of the repository is an error, not a pass',
      facts: {
        'repo.files': [
          repoFile({
            path: 'SECURITY.md',
            problem: { code: 'OutsideRepository', message: 'resolves outside the repository' },
          }),
        ],
      },
      options: { files: ['SECURITY.md'] },
      expect: [{ status: 'error', messageId: 'unreadable', data: { code: 'OutsideRepository' } }],
    },
    {
      name: 'a path the collector was not asked for is an error, not "missing"',
      facts: { 'repo.files': [] },
      options: { files: ['SECURITY.md'] },
      expect: [{ status: 'error', messageId: 'notCollected', resource: 'SECURITY.md' }],
    },
  ],
  invalidOptions: [
    { name: 'no parent directories', options: { files: ['../secrets.txt'] }, path: '/files/0' },
    { name: 'no absolute paths', options: { files: ['/etc/passwd'] }, path: '/files/0' },
    {
      name: 'no .. inside anyOf',
      options: { files: [{ name: 'x', anyOf: ['docs/../../x'] }] },
      path: '/files/0',
    },
    { name: 'at least one file', options: { files: [] }, path: '/files' },
  ],
});

describe('repo.files-present needs', () => {
  it('asks the collector for every candidate path and nothing else', () => {
    expect(check.needs?.({ files: ['SECURITY.md', CODEOWNERS], allowEmpty: false }, {} as never)).toEqual({
      repoPaths: ['SECURITY.md', '.github/CODEOWNERS', 'CODEOWNERS', 'docs/CODEOWNERS'],
    });
  });
});
