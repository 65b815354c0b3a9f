// References in user files: `${env:NAME}` (config and policies, resolved at load) and `${target.PATH}`
// (policy options, resolved per target, e.g. '${target.orderForm.rpoMinutes}'). A string that is only a
// reference takes the referenced value with its type; a reference inside text is spliced in as text.
const ENV_RE = /\$\{env:([A-Za-z_][A-Za-z0-9_]*)\}/g;
const TARGET_RE = /\$\{target\.([A-Za-z0-9_.]+)\}/g;

export interface Unresolved {
  path: (string | number)[];
  ref: string;
}

type Lookup = (name: string) => unknown;

function substitute(
  value: unknown,
  re: RegExp,
  lookup: Lookup,
  path: (string | number)[],
  unresolved: Unresolved[],
): unknown {
  if (typeof value === 'string') {
    const whole = value.match(new RegExp(`^${re.source}$`));
    if (whole) {
      const v = lookup(whole[1] as string);
      if (v === undefined) unresolved.push({ path, ref: whole[1] as string });
      return v ?? value;
    }
    return value.replace(re, (all, name: string) => {
      const v = lookup(name);
      if (v === undefined) {
        unresolved.push({ path, ref: name });
        return all;
      }
      return String(v);
    });
  }
  if (Array.isArray(value)) return value.map((v, i) => substitute(v, re, lookup, [...path, i], unresolved));
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, substitute(v, re, lookup, [...path, k], unresolved)]),
    );
  }
  return value;
}

export function substituteEnv(
  value: unknown,
  env: NodeJS.ProcessEnv,
  path: (string | number)[] = [],
): { value: unknown; unresolved: Unresolved[] } {
  const unresolved: Unresolved[] = [];
  const out = substitute(value, ENV_RE, (name) => env[name], path, unresolved);
  return { value: out, unresolved };
}

export function substituteTarget(
  value: unknown,
  target: object,
  path: (string | number)[] = [],
): { value: unknown; unresolved: Unresolved[] } {
  const unresolved: Unresolved[] = [];
  const lookup = (dotted: string) =>
    dotted
      .split('.')
      .reduce<unknown>(
        (v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined),
        target,
      );
  const out = substitute(value, TARGET_RE, lookup, path, unresolved);
  return { value: out, unresolved };
}
