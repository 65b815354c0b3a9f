// SL-INCIDENT-NOTICE, SL-CHANGE-CONTROL: the documents the service levels rely on exist in the
// repository — a security policy, code owners, runbooks. Each entry is a path, or a name with several
// usual locations of which any one will do (CODEOWNERS may live in .github/, the root or docs/).
// fail: missing, empty or not a file. error: unreadable, outside the repository, or not collected.
//
//   - id: thesmios.docs.present
//     check: repo.files-present
//     options:
//       files:
//         - SECURITY.md
//         - { name: CODEOWNERS, anyOf: [.github/CODEOWNERS, CODEOWNERS, docs/CODEOWNERS] }
//         - docs/runbooks/incident-response.md

import { defineCheck } from '../src/kit/define.js';
import { fileEvidence, fileRef, lookup, RepoPath } from '../src/kit/repo.js';
import { Type } from '../src/util/typebox.js';

const Entry = Type.Union([
  RepoPath('A file that must exist.'),
  Type.Object(
    {
      name: Type.String({ minLength: 1, description: 'What the file is, for messages.' }),
      anyOf: Type.Array(RepoPath('A usual location.'), { minItems: 1, description: 'Any one will do.' }),
    },
    { additionalProperties: false },
  ),
]);
const candidatesOf = (e: string | { name: string; anyOf: string[] }) =>
  typeof e === 'string' ? [e] : e.anyOf;

export default defineCheck({
  id: 'repo.files-present',
  meta: {
    title: 'Required documents are in the repository',
    description:
      'Each listed file exists in the target repository as a non-empty file; for an entry with anyOf, one of ' +
      'its locations does. Only the listed paths are read.',
    severity: 'medium',
    docs:
      'policies:\n  - id: docs.present\n    check: repo.files-present\n    options:\n      files: [SECURITY.md, ' +
      '{ name: CODEOWNERS, anyOf: [.github/CODEOWNERS, CODEOWNERS, docs/CODEOWNERS] }]',
    remediation: 'Add the missing files to the repository (default branch) and merge them.',
  },
  options: Type.Object(
    {
      files: Type.Array(Entry, {
        minItems: 1,
        default: [
          'SECURITY.md',
          { name: 'CODEOWNERS', anyOf: ['.github/CODEOWNERS', 'CODEOWNERS', 'docs/CODEOWNERS'] },
        ],
        description: 'Files that must exist: a path, or { name, anyOf: [paths] }.',
      }),
      allowEmpty: Type.Boolean({ default: false, description: 'Accept an empty file as present.' }),
    },
    { additionalProperties: false },
  ),
  requires: ['repo.files'],
  permissions: ['github:contents:read', 'github:metadata:read'],
  messages: {
    present: '{{name}} is present at {{path}} ({{size}} bytes).',
    missing: '{{name}} is missing (looked for {{candidates}}).',
    empty: '{{name}} at {{path}} is empty.',
    notAFile: '{{name}} at {{path}} is a {{kind}}, not a file.',
    unreadable: 'Could not read {{path}} ({{code}}): {{error}}.',
    notCollected: 'Could not judge {{name}}: {{candidates}} not collected.',
  },
  needs: (options) => ({ repoPaths: options.files.flatMap(candidatesOf) }),
  *evaluate(facts, options) {
    const files = facts['repo.files'];
    for (const entry of options.files) {
      const name = typeof entry === 'string' ? entry : entry.name;
      const candidates = candidatesOf(entry);
      const found = candidates.map((path) => ({ path, ...lookup(files, path) }));
      const resource = fileRef(name);
      const evidence = {
        looked: found.map((f) => ({
          path: f.path,
          state: f.state,
          ...('file' in f ? { file: fileEvidence(f.file) } : {}),
        })),
      };
      const data = { name, candidates: candidates.join(', ') };
      const present = found.flatMap((f) => (f.state === 'present' ? [f.file] : []));
      const good = present.find((f) => f.kind === 'file' && (options.allowEmpty || (f.size ?? 0) > 0));
      const bad = present[0];
      const problem = found.find((f) => f.state === 'problem');
      if (good) {
        yield {
          status: 'pass',
          messageId: 'present',
          resource,
          data: { ...data, path: good.path, size: good.size ?? 0 },
          evidence,
        };
      } else if (bad) {
        const d = { ...data, path: bad.path, kind: bad.kind ?? 'other' };
        yield {
          status: 'fail',
          messageId: bad.kind === 'file' ? 'empty' : 'notAFile',
          resource,
          data: d,
          evidence,
        };
      } else if (problem?.state === 'problem') {
        const d = { ...data, path: problem.path, code: problem.code, error: problem.error };
        yield { status: 'error', messageId: 'unreadable', resource, data: d, evidence };
      } else if (found.some((f) => f.state === 'notCollected')) {
        yield { status: 'error', messageId: 'notCollected', resource, data, evidence };
      } else {
        yield { status: 'fail', messageId: 'missing', resource, data, evidence };
      }
    }
  },
});
