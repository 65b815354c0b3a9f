import { factError, STATUS_URL, statusPage } from '../src/kit/builders.js';
import { CheckTester } from '../src/kit/tester.js';
import check from './http.status-page.live.js';

const httpError = (code: string, message: string) =>
  factError({
    fact: 'http.statusPage',
    source: 'http',
    operation: 'GET {statusPage.url}',
    account: undefined,
    region: undefined,
    code,
    message,
  });
const component = (name: string) => `${STATUS_URL}#${name}`;

new CheckTester(check).run({
  valid: [
    {
      name: 'operational page with the required components',
      facts: {
        'http.statusPage': [
          statusPage({ components: { API: 'operational', 'Verifier API': 'operational' } }),
        ],
      },
      options: { requiredComponents: ['API', 'Verifier API'] },
      expect: [
        { status: 'pass', messageId: 'live', data: { indicator: 'none', status: 200 } },
        { status: 'pass', messageId: 'componentOk', resource: component('API') },
      ],
    },
    {
      name: 'under maintenance is not a failure by default',
      facts: {
        'http.statusPage': [
          statusPage({ indicator: 'maintenance', components: { API: 'under_maintenance' } }),
        ],
      },
      options: { requiredComponents: ['API'] },
      expect: [{ status: 'pass', messageId: 'live', data: { indicator: 'maintenance' } }],
    },
    {
      name: 'a degraded component passes unless the policy lists degraded as failing',
      facts: {
        'http.statusPage': [statusPage({ indicator: 'minor', components: { API: 'degraded_performance' } })],
      },
      options: { requiredComponents: ['API'] },
    },
    {
      name: 'an HTML page without the API counts as live',
      facts: { 'http.statusPage': [statusPage({ api: 'none', apiStatus: 404, summary: undefined })] },
      expect: [{ status: 'pass', messageId: 'liveWithoutApi' }],
    },
  ],
  invalid: [
    {
      name: 'major outage overall and on a required component',
      facts: {
        'http.statusPage': [statusPage({ indicator: 'major', components: { API: 'major_outage' } })],
      },
      options: { requiredComponents: ['API'] },
      expect: [
        { status: 'fail', messageId: 'indicatorFailing', data: { indicator: 'major' } },
        {
          status: 'fail',
          messageId: 'componentFailing',
          resource: component('API'),
          data: { componentStatus: 'major_outage' },
        },
      ],
    },
    {
      name: '"API" is not satisfied by "Verifier API" (exact names)',
      facts: { 'http.statusPage': [statusPage({ components: { 'Verifier API': 'operational' } })] },
      options: { requiredComponents: ['API'] },
      expect: [{ status: 'fail', messageId: 'componentMissing', resource: component('API') }],
    },
    {
      name: 'a failing component among duplicates is not hidden by an operational one',
      facts: {
        'http.statusPage': [
          statusPage({
            summary: {
              ...statusPage().summary!,
              components: [
                { name: 'API', status: 'operational', group: 'EU', isGroup: false },
                { name: 'API', status: 'major_outage', group: 'UK', isGroup: false },
              ],
            },
          }),
        ],
      },
      options: { requiredComponents: ['API'] },
      expect: [{ status: 'fail', messageId: 'componentFailing', data: { componentStatus: 'major_outage' } }],
    },
    {
      name: 'page answering 404 is not live',
      facts: { 'http.statusPage': [statusPage({ status: 404, api: 'none', summary: undefined })] },
      options: { requiredComponents: ['API'] },
      expect: [{ status: 'fail', messageId: 'notServed', data: { status: 404 } }],
    },
    {
      name: 'the API is required but absent',
      facts: { 'http.statusPage': [statusPage({ api: 'none', apiStatus: 404, summary: undefined })] },
      options: { requireApi: true },
      expect: [{ status: 'fail', messageId: 'apiMissing' }],
    },
    {
      name: 'required components on a page without the API cannot be verified',
      facts: { 'http.statusPage': [statusPage({ api: 'none', apiStatus: 404, summary: undefined })] },
      options: { requiredComponents: ['API'] },
      expect: [{ status: 'error', messageId: 'componentUnverifiable', resource: component('API') }],
    },
    {
      name: 'a timeout is an error, not a failure',
      facts: { 'http.statusPage': [] },
      errors: [httpError('Timeout', 'GET https://status.thesmios.example/: timed out')],
      expect: [{ status: 'error', messageId: 'factUnavailable', data: { code: 'Timeout' } }],
    },
    {
      name: 'invalid JSON from the API turns the judged page into an error',
      facts: { 'http.statusPage': [statusPage({ api: 'none', summary: undefined })] },
      errors: [httpError('InvalidJson', 'Unexpected end of JSON input')],
      expect: [{ status: 'error', messageId: 'factUnavailable', data: { code: 'InvalidJson' } }],
    },
    {
      name: 'not collected is an error',
      facts: {},
      collected: [],
      expect: [{ status: 'error', messageId: 'factNotCollected' }],
    },
  ],
  invalidOptions: [
    { name: 'unknown indicator', options: { failIndicators: ['down'] }, path: '/failIndicators/0' },
    { name: 'empty component name', options: { requiredComponents: [''] }, path: '/requiredComponents/0' },
    { name: 'unknown option', options: { components: ['API'] }, path: '/' },
  ],
});
