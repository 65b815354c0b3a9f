// Keeping secrets and stray data out of a bundle. The snapshot is cut down to exactly the schema's fields
// (facts are typed lists of what checks read; anything else a collector attached — a raw response — goes),
// endpoint URLs lose any user:password, and the value of every credential-like environment variable
// (AWS keys, session tokens, GitHub tokens, ...) is replaced wherever it would appear in a bundle file.

import { type Snapshot, SnapshotSchema } from '../snapshot/snapshot.js';
import { Value } from '../util/typebox-value.js';

export const REDACTED = '[redacted]';

const SECRET_NAME =
  /(^|_)(TOKEN|SECRET|PASSWORD|PASSWD|PASS|PRIVATE_KEY|ACCESS_KEY|ACCESS_KEY_ID|API_KEY|CREDENTIALS?|AUTH)(_|$)|_KEY$/i;

/** Values of environment variables that hold credentials; short values are ignored (they would match text). */
export function secretValues(env: NodeJS.ProcessEnv): string[] {
  return Object.entries(env)
    .filter(([name, value]) => SECRET_NAME.test(name) && typeof value === 'string' && value.length >= 8)
    .map(([, value]) => value as string)
    .sort((a, b) => b.length - a.length);
}

export function redactText(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) {
    for (const form of new Set([s, JSON.stringify(s).slice(1, -1)])) out = out.split(form).join(REDACTED);
  }
  return out;
}

/** Deep copy with every string that contains a secret redacted. */
export function redactValue<T>(value: T, secrets: readonly string[]): T {
  if (!secrets.length) return value;
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return redactText(v, secrets);
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object')
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  return walk(value) as T;
}

function withoutUserinfo(url: string): string {
  try {
    const u = new URL(url);
    if (!u.username && !u.password) return url;
    u.username = '';
    u.password = '';
    return u.toString();
  } catch {
    return url;
  }
}

/** The snapshot as it may be kept: schema fields only, no credentials in URLs, secrets redacted. */
export function sanitizeSnapshot(snapshot: Snapshot, env: NodeJS.ProcessEnv): Snapshot {
  const clean = Value.Clean(SnapshotSchema, structuredClone(snapshot)) as Snapshot;
  for (const t of clean.targets) {
    if (t.provenance.endpoint) t.provenance.endpoint = withoutUserinfo(t.provenance.endpoint);
  }
  return redactValue(clean, secretValues(env));
}
