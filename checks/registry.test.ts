// Guard: every check file is registered, its id equals its file name, its options schema compiles, its
// defaults are valid, and its messages and permissions are well formed.
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { defaultOptions } from '../src/kit/options.js';
import { FACT_SOURCES } from '../src/snapshot/facts.js';
import { compile } from '../src/util/ajv.js';
import { CHECKS } from './index.js';

const dir = fileURLToPath(new URL('.', import.meta.url));
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && f !== 'index.ts')
  .map((f) => f.replace(/\.ts$/, ''))
  .sort();

describe('check registry', () => {
  it('registers every check file, sorted by id, each once', () => {
    expect(CHECKS.map((c) => c.id)).toEqual(files);
  });

  for (const check of CHECKS) {
    describe(check.id, () => {
      it('is named in dotted kebab-case by source', () => {
        expect(check.id).toMatch(/^(aws|github|http|repo|config)(\.[a-z0-9]+(-[a-z0-9]+)*)+$/);
      });
      it('has an options schema that compiles, with valid defaults and a description for every option', () => {
        expect(() => compile(check.options)).not.toThrow();
        // A check whose subject the policy must name (a file path) has required options and no defaults
        // for them; every other default must be valid.
        const defaultErrors = defaultOptions(check).errors.filter(
          (e) => !(e.instancePath === '' && (e.keyword === 'required' || e.keyword === 'anyOf')),
        );
        expect(defaultErrors).toEqual([]);
        for (const [key, schema] of Object.entries(check.options.properties)) {
          expect((schema as { description?: string }).description, key).toBeTruthy();
        }
        expect(check.options.additionalProperties).toBe(false);
      });
      it('has camelCase message ids, docs and remediation', () => {
        for (const id of Object.keys(check.messages)) expect(id).toMatch(/^[a-z][A-Za-z0-9]*$/);
        expect(check.meta.docs).toContain(check.id);
        expect(check.meta.remediation.length).toBeGreaterThan(10);
      });
      it('declares every permission its facts need', () => {
        const needed = check.requires
          .flatMap((f) => FACT_SOURCES[f].operations)
          .filter((op) => /^(rds|backup|sts):/.test(op));
        for (const op of needed) {
          if (op === 'sts:GetCallerIdentity') continue;
          expect(check.permissions, op).toContain(op);
        }
      });
    });
  }
});
