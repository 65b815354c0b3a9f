// SL-RECOVERY-TARGETS, SL-RESIDENCY: "RPO and RTO are set per production order form and depend on selected
// data residency." The target must declare the residency and order-form values its stage needs, or no
// other check can hold it to them.
//
//   - id: thesmios.recovery.order-form
//     check: config.order-form-declared
//     options: { fields: [residency, orderForm.rpoMinutes, orderForm.rtoMinutes] }

import { defineCheck } from '../src/kit/define.js';
import { Type } from '../src/util/typebox.js';

const FIELDS = [
  'residency',
  'orderForm.rpoMinutes',
  'orderForm.rtoMinutes',
  'orderForm.backupRetentionDays',
  'orderForm.restoreTestMaxAgeDays',
] as const;

export default defineCheck({
  id: 'config.order-form-declared',
  meta: {
    title: 'The target declares its residency and order-form values',
    description:
      'The target in readiness.yaml states the data residency (a name the residency map knows) and the ' +
      'order-form values (RPO, RTO, retention, restore-test age) that policies for its stage depend on.',
    severity: 'high',
    docs:
      'policies:\n  - id: recovery.order-form\n    check: config.order-form-declared\n' +
      '    options: { fields: [residency, orderForm.rpoMinutes, orderForm.rtoMinutes] }',
    remediation: 'Copy the values from the signed order form into the target in readiness.yaml.',
  },
  options: Type.Object(
    {
      fields: Type.Array(Type.Unsafe<(typeof FIELDS)[number]>({ type: 'string', enum: [...FIELDS] }), {
        default: [...FIELDS],
        uniqueItems: true,
        description: 'The values the target must declare.',
      }),
    },
    { additionalProperties: false },
  ),
  requires: [],
  permissions: [],
  messages: {
    declared: 'The target declares {{fields}}.',
    missing: 'The target does not declare {{missing}}.',
    unknownResidency:
      'Residency "{{residency}}" is not in the residency map, so no region can be judged against it.',
  },
  *evaluate(_facts, options, ctx) {
    const t = ctx.target;
    const values: Record<string, unknown> = {
      residency: t.residency,
      ...Object.fromEntries(Object.entries(t.orderForm ?? {}).map(([k, v]) => [`orderForm.${k}`, v])),
    };
    const missing = options.fields.filter((f) => values[f] === undefined);
    const evidence = { declared: Object.fromEntries(options.fields.map((f) => [f, values[f] ?? null])) };
    if (missing.length) {
      yield { status: 'fail', messageId: 'missing', data: { missing: missing.join(', ') }, evidence };
    } else if (options.fields.includes('residency') && !t.residencyRegions) {
      yield {
        status: 'fail',
        messageId: 'unknownResidency',
        data: { residency: t.residency ?? '' },
        evidence,
      };
    } else {
      yield { status: 'pass', messageId: 'declared', data: { fields: options.fields.join(', ') }, evidence };
    }
  },
});
