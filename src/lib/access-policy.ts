// Reading a resource policy (a backup vault's access policy) for who it lets in: Allow statements whose
// Principal is "*" (or that use NotPrincipal), or an AWS account/ARN outside the allowed accounts. Deny
// statements only take access away, so they are ignored; service principals are AWS acting for the owner.
// A condition on an open statement may narrow it, but that is not proven here: it is reported as open,
// with the condition in the evidence.
import { principalAccount } from './arn.js';

export interface OutsideGrant {
  statement: string;
  principal: string;
  actions: string[];
  conditional: boolean;
}

const asList = (v: unknown): string[] =>
  Array.isArray(v) ? v.map(String) : v === undefined ? [] : [String(v)];

/** The grants a policy document makes to principals outside `allowed` accounts; error when unreadable. */
export function outsideGrants(
  policy: string,
  allowed: ReadonlySet<string>,
): { grants: OutsideGrant[] } | { error: string } {
  let doc: unknown;
  try {
    doc = JSON.parse(policy);
  } catch (e) {
    return { error: `not JSON: ${(e as Error).message}` };
  }
  const statements = (doc as { Statement?: unknown })?.Statement;
  if (statements === undefined) return { error: 'no Statement' };
  const grants: OutsideGrant[] = [];
  (Array.isArray(statements) ? statements : [statements]).forEach((raw, i) => {
    const st = raw as Record<string, unknown>;
    if (st.Effect !== 'Allow') return;
    const name = typeof st.Sid === 'string' && st.Sid ? st.Sid : `#${i}`;
    const actions = asList(st.Action ?? st.NotAction);
    const conditional = st.Condition !== undefined;
    const grant = (principal: string) => grants.push({ statement: name, principal, actions, conditional });
    const p = st.Principal;
    if (st.NotPrincipal !== undefined) grant(`NotPrincipal ${JSON.stringify(st.NotPrincipal)}`);
    else if (p === '*') grant('*');
    if (st.NotPrincipal !== undefined || typeof p !== 'object' || p === null) return;
    for (const [kind, values] of Object.entries(p as Record<string, unknown>)) {
      if (kind === 'Service') continue;
      for (const v of asList(values)) {
        if (v === '*') grant('*');
        else if (kind !== 'AWS') grant(`${kind}:${v}`);
        else {
          const account = principalAccount(v);
          if (!account || !allowed.has(account)) grant(v);
        }
      }
    }
  });
  return { grants };
}
