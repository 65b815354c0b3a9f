import { securityFeatures } from '../src/kit/builders.js';
import { CheckTester } from '../src/kit/tester.js';
import check from './github.security-features.js';

new CheckTester(check).run({
  valid: [
    {
      name: 'all default features enabled',
      facts: { 'github.securityFeatures': [securityFeatures()] },
      expect: [{ status: 'pass', messageId: 'enabled', resource: 'thesmios/platform' }],
    },
    {
      name: 'only the features the policy names count',
      facts: { 'github.securityFeatures': [securityFeatures({ dependabotSecurityUpdates: 'disabled' })] },
      options: { features: ['secretScanning'] },
    },
  ],
  invalid: [
    {
      name: 'push protection disabled',
      facts: { 'github.securityFeatures': [securityFeatures({ secretScanningPushProtection: 'disabled' })] },
      expect: [{ status: 'fail', messageId: 'disabled', data: { disabled: 'secretScanningPushProtection' } }],
    },
    {
      name: 'not visible to the token is an error, not a pass',
      facts: {
        'github.securityFeatures': [
          securityFeatures({
            secretScanning: 'unknown',
            notes: ['security_and_analysis is not visible to this token'],
          }),
        ],
      },
      expect: [{ status: 'error', messageId: 'notVisible', data: { unknown: 'secretScanning' } }],
    },
    {
      name: 'a known disabled feature fails even when another is unknown',
      facts: {
        'github.securityFeatures': [
          securityFeatures({ secretScanning: 'disabled', dependabotAlerts: 'unknown' }),
        ],
      },
      expect: [
        {
          status: 'fail',
          messageId: 'disabled',
          data: { disabled: 'secretScanning', unknown: 'dependabotAlerts' },
        },
      ],
    },
  ],
  invalidOptions: [
    { name: 'unknown feature', options: { features: ['codeScanning'] }, path: '/features/0' },
    { name: 'at least one feature', options: { features: [] }, path: '/features' },
  ],
});
