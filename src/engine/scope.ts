// Which resources a policy judges for a target: the target's tag scope and the policy's selectors.
import type { ResolvedTarget, Scope } from '../config/schema.js';
import type { Scopeable } from '../kit/define.js';
import { globMatch } from '../util/glob.js';

function tagsMatch(
  want: Record<string, string> | undefined,
  have: Record<string, string> | undefined,
): boolean {
  if (!want) return true;
  return Object.entries(want).every(([k, v]) => have?.[k] !== undefined && globMatch(v, have[k] as string));
}

export function makeInScope(target: ResolvedTarget, scope: Scope | undefined): (r: Scopeable) => boolean {
  const targetTags = target.aws?.scope?.tags;
  return (r) => {
    if (!tagsMatch(targetTags, r.tags)) return false;
    if (!scope) return true;
    if (!tagsMatch(scope.tags, r.tags)) return false;
    if (scope.resourceTypes && (!r.type || !scope.resourceTypes.includes(r.type))) return false;
    if (scope.accounts && (!r.account || !scope.accounts.includes(r.account))) return false;
    if (scope.regions && (!r.region || !scope.regions.includes(r.region))) return false;
    if (scope.ids && !scope.ids.some((p) => (r.id && globMatch(p, r.id)) || (r.arn && globMatch(p, r.arn)))) {
      return false;
    }
    return true;
  };
}
