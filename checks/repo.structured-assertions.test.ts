import { repoFile } from '../src/kit/builders.js';
import { CheckTester } from '../src/kit/tester.js';
import check from './repo.structured-assertions.js';

const PATH = 'support/severity-matrix.yaml';
const MATRIX = `# Severity targets configured in the support tool
P1: { name: Critical, initialResponse: 1 business hour, updateCadence: continuous during business hours until mitigated }
P2: { name: High, initialResponse: 4 business hours, updateCadence: daily business-day updates }
P3: { name: Normal, initialResponse: 1 business day, updateCadence: as status changes }
P4: { name: Low, initialResponse: 3 business days, updateCadence: best effort }
`;
const PUBLISHED: [string, string, string][] = [
  ['P1', '1 business hour', 'continuous during business hours until mitigated'],
  ['P2', '4 business hours', 'daily business-day updates'],
  ['P3', '1 business day', 'as status changes'],
  ['P4', '3 business days', 'best effort'],
];
const assertions = PUBLISHED.flatMap(([p, response, cadence]) => [
  { pointer: `/${p}/initialResponse`, equals: response },
  { pointer: `/${p}/updateCadence`, equals: cadence },
]);
const schema = {
  type: 'object',
  required: ['P1', 'P2', 'P3', 'P4'],
  additionalProperties: {
    type: 'object',
    required: ['initialResponse', 'updateCadence'],
    properties: { initialResponse: { type: 'string' }, updateCadence: { type: 'string' } },
  },
};

new CheckTester(check).run({
  valid: [
    {
      name: 'the support matrix matches the published P1–P4 targets',
      facts: { 'repo.files': [repoFile({ path: PATH, content: MATRIX })] },
      options: { path: PATH, assertions, schema },
      expect: [{ status: 'pass', messageId: 'allHold', resource: PATH, data: { count: 9 } }],
    },
    {
      name: 'JSON file, schema only',
      facts: {
        'repo.files': [
          repoFile({
            path: 'support/matrix.json',
            content:
              '{"P1":{"initialResponse":"1h","updateCadence":"x"},"P2":{"initialResponse":"4h","updateCadence":"y"},"P3":{"initialResponse":"1d","updateCadence":"z"},"P4":{"initialResponse":"3d","updateCadence":"w"}}',
          }),
        ],
      },
      options: { path: 'support/matrix.json', schema },
    },
    {
      name: 'pointers escape / and ~ and index arrays',
      facts: { 'repo.files': [repoFile({ path: 'x.yaml', content: 'a/b: { "m~n": [10, 20] }\n' })] },
      options: { path: 'x.yaml', assertions: [{ pointer: '/a~1b/m~0n/1', equals: 20 }] },
    },
  ],
  invalid: [
    {
      name: 'P2 response drifted and P4 cadence is missing',
      facts: {
        'repo.files': [
          repoFile({
            path: PATH,
            content: MATRIX.replace('4 business hours', '8 business hours').replace(
              ', updateCadence: best effort',
              '',
            ),
          }),
        ],
      },
      options: { path: PATH, assertions },
      expect: [
        {
          status: 'fail',
          messageId: 'assertionsFailed',
          data: {
            failures:
              '/P2/initialResponse is "8 business hours", expected "4 business hours"; /P4/updateCadence is nothing, expected "best effort"',
          },
        },
      ],
    },
    {
      name: 'schema violation',
      facts: {
        'repo.files': [repoFile({ path: PATH, content: 'P1: { initialResponse: 1 business hour }\n' })],
      },
      options: { path: PATH, schema },
      expect: [{ status: 'fail', messageId: 'assertionsFailed' }],
    },
    {
      name: 'unparseable YAML',
      facts: { 'repo.files': [repoFile({ path: PATH, content: 'P1: { initialResponse: [\n' })] },
      options: { path: PATH, assertions },
      expect: [{ status: 'fail', messageId: 'invalidDocument', data: { format: 'yaml' } }],
    },
    {
      name: 'a schema that does not compile is could-not-judge',
      facts: { 'repo.files': [repoFile({ path: PATH, content: MATRIX })] },
      options: { path: PATH, schema: { type: 'no-such-type' } },
      expect: [{ status: 'error', messageId: 'invalidSchema' }],
    },
    {
      name: 'file missing',
      facts: { 'repo.files': [repoFile({ path: PATH, exists: false })] },
      options: { path: PATH, assertions },
      expect: [{ status: 'fail', messageId: 'fileMissing' }],
    },
  ],
  invalidOptions: [
    { name: 'assertions or schema are required', options: { path: PATH }, path: '/assertions' },
    {
      name: 'pointers start with /',
      options: { path: PATH, assertions: [{ pointer: 'P1', equals: 1 }] },
      path: '/assertions/0/pointer',
    },
    {
      name: 'an assertion needs a value',
      options: { path: PATH, assertions: [{ pointer: '/P1' }] },
      path: '/assertions/0',
    },
  ],
});
