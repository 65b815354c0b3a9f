// Deep freezing, for values that are handed out to be read only (cached parses, the facts in check tests).

/** Freezes `value` and everything reachable from it through own enumerable properties; returns it. */
export function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
