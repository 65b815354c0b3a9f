// SL-INCIDENT-NOTICE: leaked credentials and vulnerable dependencies are caught before they ship. The
// repository has the security features the policy names enabled: secret scanning, push protection,
// Dependabot alerts, Dependabot security updates.
// fail: a named feature is disabled. error: a named feature's state is not visible to the token (GitHub
// shows security_and_analysis and vulnerability alerts to admins only), or collection failed.
//
//   - id: thesmios.security.github-features
//     check: github.security-features
//     options: { features: [secretScanning, secretScanningPushProtection, dependabotAlerts] }

import { defineCheck } from '../src/kit/define.js';
import { Type } from '../src/util/typebox.js';

const FEATURES = [
  'secretScanning',
  'secretScanningPushProtection',
  'dependabotAlerts',
  'dependabotSecurityUpdates',
] as const;

export default defineCheck({
  id: 'github.security-features',
  meta: {
    title: 'Repository security features are enabled',
    description:
      'Secret scanning, push protection, Dependabot alerts and Dependabot security updates, as the policy ' +
      'names them, are enabled on the target repository (security_and_analysis, vulnerability-alerts).',
    severity: 'medium',
    docs:
      'policies:\n  - id: security.github-features\n    check: github.security-features\n' +
      '    options: { features: [secretScanning, secretScanningPushProtection, dependabotAlerts] }',
    remediation:
      'Enable the features in Settings → Code security (or through the organisation security configuration).',
  },
  options: Type.Object(
    {
      features: Type.Array(Type.Unsafe<(typeof FEATURES)[number]>({ type: 'string', enum: [...FEATURES] }), {
        default: ['secretScanning', 'secretScanningPushProtection', 'dependabotAlerts'],
        minItems: 1,
        uniqueItems: true,
        description: 'Features that must be enabled.',
      }),
    },
    { additionalProperties: false },
  ),
  requires: ['github.securityFeatures'],
  permissions: ['github:administration:read', 'github:metadata:read'],
  messages: {
    enabled: '{{repo}} has {{features}} enabled.',
    disabled: '{{repo}} has {{disabled}} disabled.',
    notVisible: 'Could not see whether {{repo}} has {{unknown}} enabled: {{notes}}.',
  },
  *evaluate(facts, options) {
    for (const sf of facts['github.securityFeatures']) {
      const resource = { type: 'github.repository', id: sf.repo };
      const states = Object.fromEntries(options.features.map((f) => [f, sf[f]]));
      const disabled = options.features.filter((f) => sf[f] === 'disabled');
      const unknown = options.features.filter((f) => sf[f] === 'unknown');
      const data = {
        repo: sf.repo,
        features: options.features.join(', '),
        disabled: disabled.join(', ') || null,
        unknown: unknown.join(', ') || null,
        notes: sf.notes.join('; ') || null,
      };
      const evidence = { states, notes: sf.notes };
      if (disabled.length) yield { status: 'fail', messageId: 'disabled', resource, data, evidence };
      else if (unknown.length) yield { status: 'error', messageId: 'notVisible', resource, data, evidence };
      else yield { status: 'pass', messageId: 'enabled', resource, data, evidence };
    }
  },
});
