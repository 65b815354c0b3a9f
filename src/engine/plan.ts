// The plan: for each target, the facts that its enabled policies require and how much of them (the
// largest window any policy needs). Nothing else is collected.
import type { CollectRequest } from '../collect/index.js';
import type { CollectNeeds } from '../collect/types.js';
import type { FactName } from '../snapshot/facts.js';
import { type Inputs, policiesFor } from './inputs.js';

export interface Plan {
  requests: CollectRequest[];
  needs: CollectNeeds;
}

function mergeNeeds(a: CollectNeeds, b: CollectNeeds): CollectNeeds {
  const out: CollectNeeds = { ...a };
  for (const [k, v] of Object.entries(b) as [keyof CollectNeeds, unknown][]) {
    const cur = out[k] as unknown;
    if (typeof v === 'number')
      (out as Record<string, unknown>)[k] = Math.max(typeof cur === 'number' ? cur : 0, v);
    else if (Array.isArray(v)) {
      (out as Record<string, unknown>)[k] = [...new Set([...((cur as unknown[]) ?? []), ...v])].sort();
    } else if (v !== undefined) (out as Record<string, unknown>)[k] = v;
  }
  return out;
}

export function plan(inputs: Inputs): Plan {
  let needs: CollectNeeds = {};
  const requests = inputs.targets.map((target) => {
    const facts = new Set<FactName>();
    for (const p of policiesFor(inputs, target)) {
      for (const f of p.check.requires) facts.add(f);
      const options = p.optionsByTarget[target.name];
      if (p.check.needs && options) needs = mergeNeeds(needs, p.check.needs(options, target));
    }
    return { target, facts: [...facts].sort() };
  });
  return { requests, needs };
}
