// Check options: defaults merged first, then validated against the check's own schema (compiled once).
import type { ErrorObject } from 'ajv';
import { compile } from '../util/ajv.js';
import type { Check } from './define.js';

export interface OptionsResult {
  options: Record<string, unknown>;
  errors: ErrorObject[];
}

export function resolveOptions(check: Check, given: Record<string, unknown> | undefined): OptionsResult {
  const options = structuredClone(given ?? {});
  const validate = compile(check.options);
  const ok = validate(options);
  return { options, errors: ok ? [] : [...(validate.errors ?? [])] };
}

/** The defaults a check runs with when a policy gives no options. */
export function defaultOptions(check: Check): OptionsResult {
  return resolveOptions(check, {});
}
