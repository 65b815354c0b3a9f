import { repoFile } from '../src/kit/builders.js';
import { CheckTester } from '../src/kit/tester.js';
import check from './repo.content-assertions.js';

const PATH = 'docs/runbooks/incident-response.md';
const RUNBOOK = `# Incident response

## Personal-data breaches

Where a breach is likely to result in a risk to people's rights and freedoms, we notify the
Information Commissioner's Office (ICO) without undue delay and within 72 hours of becoming aware
of it, as UK GDPR Article 33 requires. The Data Protection Officer sends the notification; the
incident commander supplies the facts.
`;
const options = {
  path: PATH,
  patterns: [
    { description: '72-hour deadline', pattern: '72\\s*hours' },
    { description: 'the ICO', pattern: '\\bICO\\b|Information Commissioner' },
    { description: 'UK GDPR Article 33', pattern: 'UK GDPR Article\\s+33' },
    {
      description: 'who notifies',
      pattern: '(DPO|Data Protection Officer)\\b[^.]*\\b(sends|submits|notifies)',
    },
  ],
};

new CheckTester(check).run({
  valid: [
    {
      name: 'the runbook states deadline, regulator, article and sender',
      facts: { 'repo.files': [repoFile({ path: PATH, content: RUNBOOK })] },
      options,
      expect: [{ status: 'pass', messageId: 'allMatched', resource: PATH, data: { count: 4 } }],
    },
    {
      name: 'flags apply (case-sensitive when asked)',
      facts: { 'repo.files': [repoFile({ path: PATH, content: 'Notify the ICO.' })] },
      options: { path: PATH, patterns: [{ description: 'ICO', pattern: 'ICO', flags: '' }] },
    },
  ],
  invalid: [
    {
      name: 'no sender named and the deadline is wrong',
      facts: {
        'repo.files': [
          repoFile({ path: PATH, content: 'We notify the ICO within 96 hours under UK GDPR Article 33.' }),
        ],
      },
      options,
      expect: [
        { status: 'fail', messageId: 'patternsMissing', data: { missing: '72-hour deadline; who notifies' } },
      ],
    },
    {
      name: 'runbook missing',
      facts: { 'repo.files': [repoFile({ path: PATH, exists: false })] },
      options,
      expect: [{ status: 'fail', messageId: 'fileMissing', resource: PATH }],
    },
    {
      name: 'binary or oversized runbook cannot be judged',
      facts: {
        'repo.files': [repoFile({ path: PATH, content: undefined, truncated: true, size: 9_000_000 })],
      },
      options,
      expect: [{ status: 'error', messageId: 'notText' }],
    },
    {
      name: 'not collected',
      facts: { 'repo.files': [] },
      options,
      expect: [{ status: 'error', messageId: 'notCollected' }],
    },
  ],
  invalidOptions: [
    { name: 'path is required', options: { patterns: options.patterns }, path: '/path' },
    {
      name: 'a pattern must compile',
      options: { path: PATH, patterns: [{ description: 'x', pattern: '(' }] },
      path: '/patterns/0/pattern',
    },
    {
      name: 'only known flags',
      options: { path: PATH, patterns: [{ description: 'x', pattern: 'x', flags: 'g' }] },
      path: '/patterns/0/flags',
    },
    {
      name: 'no escaping the repository',
      options: { path: '../x.md', patterns: options.patterns },
      path: '/path',
    },
  ],
});
