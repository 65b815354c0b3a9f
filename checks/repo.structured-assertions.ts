// SL-SUPPORT-SEVERITY: the support tool is configured with the severity targets the service levels page
// publishes (P1 1 business hour / continuous during business hours until mitigated; P2 4 business hours /
// daily business-day updates; P3 1 business day / as status changes; P4 3 business days / best effort).
// A YAML or JSON file in the repository holds values equal to the expected ones at JSON Pointers, and/or
// satisfies a JSON Schema.
// fail: missing file, unparseable document, a value that differs or is absent, a schema violation.
// error: unreadable or not collected file, a schema that does not compile.
//
//   - id: thesmios.support.severity-matrix
//     check: repo.structured-assertions
//     options:
//       path: support/severity-matrix.yaml
//       assertions:
//         - { pointer: /P1/initialResponse, equals: 1 business hour }
//         - { pointer: /P1/updateCadence, equals: continuous during business hours until mitigated }
//         - { pointer: /P4/initialResponse, equals: 3 business days }
import { isDeepStrictEqual } from 'node:util';
import type { ValidateFunction } from 'ajv';
import { parse as parseYaml } from 'yaml';
import { defineCheck } from '../src/kit/define.js';
import { fileRef, RepoPath, readText, TEXT_FILE_MESSAGES } from '../src/kit/repo.js';
import { createAjv } from '../src/util/ajv.js';
import { JSON_POINTER_PATTERN, resolvePointer } from '../src/util/json-pointer.js';
import { Type } from '../src/util/typebox.js';

const show = (v: unknown) => (v === undefined ? 'nothing' : JSON.stringify(v));

/** Policy schemas get an ajv of their own each, so that two policies may use the same $id. */
const validators = new Map<string, ValidateFunction>();
function compileSchema(schema: object): ValidateFunction {
  const key = JSON.stringify(schema);
  let fn = validators.get(key);
  if (!fn) {
    fn = createAjv().compile(schema);
    validators.set(key, fn);
  }
  return fn;
}

export default defineCheck({
  id: 'repo.structured-assertions',
  meta: {
    title: 'A repository configuration file holds the published values',
    description:
      'A YAML or JSON file has the expected value at each JSON Pointer (deep equality) and, when a schema ' +
      'is given, is valid against it. Evidence: expected and found values, schema errors.',
    severity: 'medium',
    docs:
      'policies:\n  - id: support.severity-matrix\n    check: repo.structured-assertions\n' +
      '    options:\n      path: support/severity-matrix.yaml\n' +
      '      assertions: [{ pointer: /P1/initialResponse, equals: 1 business hour }]',
    remediation: 'Correct the file so that it states the published values, and merge the change.',
  },
  options: Type.Object(
    {
      path: RepoPath('The YAML or JSON file to read.'),
      format: Type.Union([Type.Literal('auto'), Type.Literal('yaml'), Type.Literal('json')], {
        default: 'auto',
        description: 'How to parse it; auto: JSON for .json files, YAML otherwise.',
      }),
      assertions: Type.Optional(
        Type.Array(
          Type.Object(
            {
              pointer: Type.String({
                pattern: JSON_POINTER_PATTERN,
                description: 'JSON Pointer, e.g. /P1/initialResponse.',
              }),
              equals: Type.Unknown({ description: 'The expected value (compared deeply and strictly).' }),
              description: Type.Optional(Type.String({ description: 'What the value means, for evidence.' })),
            },
            { additionalProperties: false },
          ),
          { minItems: 1, description: 'Values the document must hold.' },
        ),
      ),
      schema: Type.Optional(
        Type.Record(Type.String(), Type.Unknown(), {
          description: 'A JSON Schema the document must satisfy.',
        }),
      ),
    },
    { additionalProperties: false, anyOf: [{ required: ['assertions'] }, { required: ['schema'] }] },
  ),
  requires: ['repo.files'],
  permissions: ['github:contents:read', 'github:metadata:read'],
  messages: {
    ...TEXT_FILE_MESSAGES,
    allHold: '{{path}} holds all {{count}} expected value(s).',
    assertionsFailed: '{{path}}: {{failures}}.',
    invalidDocument: '{{path}} is not valid {{format}}: {{error}}.',
    invalidSchema: 'Could not judge {{path}}: the policy schema does not compile: {{error}}.',
  },
  needs: (options) => ({ repoPaths: [options.path] }),
  *evaluate(facts, options) {
    const { path } = options;
    const resource = fileRef(path);
    const text = yield* readText(facts['repo.files'], path);
    if (!text) return;
    const { content, evidence } = text;
    const format =
      options.format === 'auto' ? (path.toLowerCase().endsWith('.json') ? 'json' : 'yaml') : options.format;
    let doc: unknown;
    try {
      doc = format === 'json' ? JSON.parse(content) : parseYaml(content);
    } catch (err) {
      const data = {
        path,
        format,
        error: err instanceof Error ? (err.message.split('\n')[0] ?? '') : String(err),
      };
      return yield { status: 'fail', messageId: 'invalidDocument', resource, data, evidence };
    }
    const checks = (options.assertions ?? []).map((a) => {
      const r = resolvePointer(doc, a.pointer);
      return {
        ...a,
        found: r.found ? r.value : undefined,
        ok: r.found && isDeepStrictEqual(r.value, a.equals),
      };
    });
    let schemaErrors: string[] = [];
    if (options.schema) {
      let validate: ValidateFunction;
      try {
        validate = compileSchema(options.schema);
      } catch (err) {
        const data = { path, error: err instanceof Error ? err.message : String(err) };
        return yield { status: 'error', messageId: 'invalidSchema', resource, data, evidence };
      }
      if (!validate(structuredClone(doc))) {
        schemaErrors = (validate.errors ?? []).map(
          (e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'}`,
        );
      }
    }
    evidence.assertions = checks.map((c) => ({
      pointer: c.pointer,
      expected: c.equals,
      found: c.found ?? null,
      ok: c.ok,
    }));
    evidence.schemaErrors = schemaErrors;
    const failures = [
      ...checks
        .filter((c) => !c.ok)
        .map((c) => `${c.pointer} is ${show(c.found)}, expected ${show(c.equals)}`),
      ...schemaErrors.slice(0, 10).map((e) => `schema: ${e}`),
    ];
    yield failures.length
      ? {
          status: 'fail',
          messageId: 'assertionsFailed',
          resource,
          data: { path, failures: failures.join('; ') },
          evidence,
        }
      : {
          status: 'pass',
          messageId: 'allHold',
          resource,
          data: { path, count: checks.length + (options.schema ? 1 : 0) },
          evidence,
        };
  },
});
