// SL-INCIDENT-NOTICE: "Security and personal-data incidents assessed promptly, with UK GDPR Article 33
// notification where legally required." The incident runbook must say so in words: every required
// pattern matches the file's text (e.g. the 72-hour deadline, the ICO, Article 33, who sends the notice).
// fail: the file is missing, not a file, or a pattern does not match. error: unreadable, too large or
// binary (its text was not kept), or not collected.
//
//   - id: thesmios.incident.ico-notification
//     check: repo.content-assertions
//     options:
//       path: docs/runbooks/incident-response.md
//       patterns:
//         - { description: 72-hour deadline, pattern: '72\s*hours' }
//         - { description: the ICO, pattern: '\bICO\b|Information Commissioner' }
//         - { description: UK GDPR Article 33, pattern: 'Article\s+33' }
//         - { description: who notifies, pattern: '(DPO|Data Protection Officer)\b[^.]*\b(sends|submits|notifies)' }
import { Type } from '@sinclair/typebox';
import { defineCheck } from '../src/kit/define.js';
import { fileEvidence, fileRef, lookup, RepoPath } from '../src/kit/repo.js';

export default defineCheck({
  id: 'repo.content-assertions',
  meta: {
    title: 'A repository document states what the commitment requires',
    description:
      "Every pattern (a regular expression) matches the file's text. Evidence: for each pattern, whether and " +
      'on which line it matched, with that line.',
    severity: 'medium',
    docs:
      'policies:\n  - id: incident.ico-notification\n    check: repo.content-assertions\n' +
      "    options:\n      path: docs/runbooks/incident-response.md\n      patterns: [{ description: 72 hours, pattern: '72\\s*hours' }]",
    remediation: 'Write the missing statements into the document and merge the change.',
  },
  options: Type.Object(
    {
      path: RepoPath('The document to read.'),
      patterns: Type.Array(
        Type.Object(
          {
            description: Type.String({ minLength: 1, description: 'What the pattern proves, for messages.' }),
            pattern: Type.String({ format: 'regex', minLength: 1, description: 'A regular expression.' }),
            flags: Type.String({
              pattern: '^[imsu]*$',
              default: 'i',
              description: 'RegExp flags (default i).',
            }),
          },
          { additionalProperties: false },
        ),
        { minItems: 1, description: 'Patterns that must all match.' },
      ),
    },
    { additionalProperties: false },
  ),
  requires: ['repo.files'],
  permissions: ['github:contents:read', 'github:metadata:read'],
  messages: {
    allMatched: '{{path}} states all {{count}} required point(s).',
    patternsMissing: '{{path}} does not state: {{missing}}.',
    fileMissing: '{{path}} does not exist.',
    notAFile: '{{path}} is a {{kind}}, not a file.',
    notText: 'Could not judge {{path}}: it is too large or not text, so its content was not kept.',
    unreadable: 'Could not read {{path}} ({{code}}): {{error}}.',
    notCollected: 'Could not judge {{path}}: it was not collected.',
  },
  needs: (options) => ({ repoPaths: [options.path] }),
  *evaluate(facts, options) {
    const { path } = options;
    const resource = fileRef(path);
    const found = lookup(facts['repo.files'], path);
    if (found.state === 'notCollected')
      return yield { status: 'error', messageId: 'notCollected', resource, data: { path } };
    const evidence: Record<string, unknown> = { file: fileEvidence(found.file) };
    if (found.state === 'problem') {
      const data = { path, code: found.code, error: found.error };
      return yield { status: 'error', messageId: 'unreadable', resource, data, evidence };
    }
    if (found.state === 'absent')
      return yield { status: 'fail', messageId: 'fileMissing', resource, data: { path }, evidence };
    const { kind, content } = found.file;
    if (kind !== 'file')
      return yield {
        status: 'fail',
        messageId: 'notAFile',
        resource,
        data: { path, kind: kind ?? 'other' },
        evidence,
      };
    if (content === undefined)
      return yield { status: 'error', messageId: 'notText', resource, data: { path }, evidence };
    const results = options.patterns.map((p) => {
      const m = new RegExp(p.pattern, p.flags).exec(content);
      if (!m) return { description: p.description, pattern: p.pattern, matched: false };
      const start = content.lastIndexOf('\n', m.index) + 1;
      const end = content.indexOf('\n', m.index);
      const line = content.slice(0, m.index).split('\n').length;
      const text = content
        .slice(start, end === -1 ? undefined : end)
        .trim()
        .slice(0, 200);
      return { description: p.description, pattern: p.pattern, matched: true, line, text };
    });
    evidence.patterns = results;
    const missing = results.filter((r) => !r.matched).map((r) => r.description);
    yield missing.length
      ? {
          status: 'fail',
          messageId: 'patternsMissing',
          resource,
          data: { path, missing: missing.join('; ') },
          evidence,
        }
      : {
          status: 'pass',
          messageId: 'allMatched',
          resource,
          data: { path, count: results.length },
          evidence,
        };
  },
});
