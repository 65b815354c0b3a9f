// SL-STATUS-PAGE: "Planned external status page before general production rollout." The target's status
// page answers 2xx; when it publishes the Statuspage API, its overall indicator is acceptable and each
// required component is listed (names matched exactly: "API" is not "Verifier API") and not down.
// fail: the page answers 4xx, the indicator or a required component is in a failing state, a required
//   component is missing, or the policy requires the API and the page has none.
// error (could not look): DNS, TLS, refused, timeout, 5xx/429, redirect loops, an API that answers
//   5xx or invalid JSON (all from the collector), and required components on a page without the API.
//
//   - id: thesmios.status-page.live
//     check: http.status-page.live
//     options: { requiredComponents: [API, Verifier API], failIndicators: [major, critical] }

import { defineCheck } from '../src/kit/define.js';
import { Type } from '../src/util/typebox.js';

const INDICATORS = ['minor', 'major', 'critical', 'maintenance'] as const;
const COMPONENT_STATES = [
  'degraded_performance',
  'partial_outage',
  'major_outage',
  'under_maintenance',
] as const;
const enumOf = <T extends string>(values: readonly T[]) =>
  Type.Unsafe<T>({ type: 'string', enum: [...values] });

export default defineCheck({
  id: 'http.status-page.live',
  meta: {
    title: 'The public status page is live',
    description:
      'The status page answers 2xx (after at most a few redirects). If it publishes the Atlassian ' +
      'Statuspage API, its overall indicator is not failing and every required component is listed and ' +
      'not in a failing state. Evidence: HTTP status, latency, indicator, component states.',
    severity: 'high',
    docs:
      'policies:\n  - id: status-page.live\n    check: http.status-page.live\n' +
      '    options: { requiredComponents: [API, Verifier API] }',
    remediation:
      'Publish the status page at the URL in readiness.yaml (target.statusPage.url), list the required ' +
      'components with their exact names, and resolve or report the outage.',
  },
  options: Type.Object(
    {
      requiredComponents: Type.Array(Type.String({ minLength: 1 }), {
        default: [],
        uniqueItems: true,
        description: 'Component names that must be listed; matched exactly (case and spaces count).',
      }),
      failIndicators: Type.Array(enumOf(INDICATORS), {
        default: ['major', 'critical'],
        uniqueItems: true,
        description: 'Overall indicators that fail the page (none is always fine).',
      }),
      failComponentStatuses: Type.Array(enumOf(COMPONENT_STATES), {
        default: ['major_outage'],
        uniqueItems: true,
        description: 'Component statuses that fail a required component.',
      }),
      requireApi: Type.Boolean({
        default: false,
        description: 'Fail a page that does not publish the Statuspage API (/api/v2/summary.json).',
      }),
    },
    { additionalProperties: false },
  ),
  requires: ['http.statusPage'],
  permissions: [],
  messages: {
    live: 'Status page {{url}} is live (HTTP {{status}} in {{latencyMs}} ms); overall: {{description}}.',
    liveWithoutApi:
      'Status page {{url}} is live (HTTP {{status}} in {{latencyMs}} ms); it publishes no Statuspage API.',
    apiMissing: 'Status page {{url}} is live but publishes no Statuspage API; the policy requires one.',
    notServed: 'Status page {{url}} answered HTTP {{status}}; it is not live.',
    indicatorFailing: 'Status page {{url}} reports "{{description}}" (indicator {{indicator}}).',
    componentOk: 'Component "{{component}}" is listed: {{componentStatus}}.',
    componentMissing: 'Component "{{component}}" is not on the status page (names are matched exactly).',
    componentFailing: 'Component "{{component}}" is {{componentStatus}}.',
    componentUnverifiable:
      'Component "{{component}}" cannot be checked: the status page publishes no Statuspage API.',
  },
  *evaluate(facts, options, ctx) {
    for (const page of facts['http.statusPage']) {
      const resource = { type: 'http.status-page', id: page.url };
      const s = page.summary;
      const data = { url: page.url, status: page.status, latencyMs: page.latencyMs };
      const evidence = {
        url: page.url,
        finalUrl: page.finalUrl,
        redirects: page.redirects,
        httpStatus: page.status,
        latencyMs: page.latencyMs,
        api: page.api,
        apiStatus: page.apiStatus ?? null,
        indicator: s?.indicator ?? null,
        components: s ? Object.fromEntries(s.components.map((c) => [c.name, c.status])) : null,
        maintenances: s?.scheduledMaintenances ?? [],
        checkedAt: ctx.now.toISOString(),
      };
      if (page.status < 200 || page.status >= 300) {
        yield { status: 'fail', messageId: 'notServed', resource, data, evidence };
        continue;
      }
      if (!s) {
        const bad = options.requireApi;
        yield {
          status: bad ? 'fail' : 'pass',
          messageId: bad ? 'apiMissing' : 'liveWithoutApi',
          resource,
          data,
          evidence,
        };
      } else {
        const failing = (options.failIndicators as string[]).includes(s.indicator);
        const d = { ...data, indicator: s.indicator, description: s.description };
        yield {
          status: failing ? 'fail' : 'pass',
          messageId: failing ? 'indicatorFailing' : 'live',
          resource,
          data: d,
          evidence,
        };
      }
      for (const name of options.requiredComponents) {
        const cres = { type: 'http.status-page.component', id: `${page.url}#${name}` };
        if (!s) {
          yield {
            status: 'error',
            messageId: 'componentUnverifiable',
            resource: cres,
            data: { component: name },
          };
          continue;
        }
        const found = s.components.filter((c) => c.name === name);
        const bad = found.find((c) => (options.failComponentStatuses as string[]).includes(c.status));
        const shown = bad ?? found[0];
        const cdata = { component: name, componentStatus: shown?.status ?? null };
        const cev = { matches: found, failComponentStatuses: options.failComponentStatuses };
        const messageId = !shown ? 'componentMissing' : bad ? 'componentFailing' : 'componentOk';
        yield {
          status: messageId === 'componentOk' ? 'pass' : 'fail',
          messageId,
          resource: cres,
          data: cdata,
          evidence: cev,
        };
      }
    }
  },
});
