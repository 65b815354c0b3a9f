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

import { defineCheck } from '../src/kit/define.js';
import { fileRef, RepoPath, readText, TEXT_FILE_MESSAGES } from '../src/kit/repo.js';
import { Type } from '../src/util/typebox.js';

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
    ...TEXT_FILE_MESSAGES,
    allMatched: '{{path}} states all {{count}} required point(s).',
    patternsMissing: '{{path}} does not state: {{missing}}.',
  },
  needs: (options) => ({ repoPaths: [options.path] }),
  *evaluate(facts, options) {
    const { path } = options;
    const resource = fileRef(path);
    const text = yield* readText(facts['repo.files'], path);
    if (!text) return;
    const { content, evidence } = text;
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
