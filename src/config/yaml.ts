// YAML with positions: parse every document of a file, keep the nodes, and map a field path or a schema
// error back to line:col, so every problem names where it is.
import { type Document, isMap, isSeq, LineCounter, parseAllDocuments, type Node as YamlNode } from 'yaml';
import type { ErrorObject } from '../util/ajv.js';
import { didYouMean } from '../util/similar.js';
import { type Problem, pathToString } from './problems.js';

export interface YamlFile {
  file: string;
  docs: Document.Parsed[];
  lines: LineCounter;
}

export function parseYaml(file: string, text: string): { parsed: YamlFile; problems: Problem[] } {
  const lines = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const list = Array.isArray(docs) ? docs : [];
  const problems: Problem[] = [];
  for (const doc of list) {
    for (const e of doc.errors) {
      const pos = lines.linePos(e.pos[0]);
      problems.push({
        code: 'yaml-syntax',
        file,
        line: pos.line,
        col: pos.col,
        path: '',
        message: `YAML syntax: ${e.message.split('\n')[0]}`,
      });
    }
  }
  return { parsed: { file, docs: list, lines }, problems };
}

function offsetOf(node: unknown): number | undefined {
  const range = (node as { range?: [number, number, number] } | null)?.range;
  return range ? range[0] : undefined;
}

/** Position of the node at `path`, or of its nearest existing parent. With `key`, the position of that key. */
export function locate(
  y: YamlFile,
  doc: Document.Parsed,
  path: readonly (string | number)[],
  key?: string,
): { line: number; col: number } {
  let node: unknown = doc.contents;
  let best = offsetOf(node) ?? 0;
  for (const part of path) {
    let next: unknown;
    if (isMap(node))
      next = node.items.find((p) => (p.key as { value?: unknown } | null)?.value === part)?.value;
    else if (isSeq(node) && typeof part === 'number') next = node.items[part];
    if (next === undefined || next === null) break;
    node = next;
    best = offsetOf(node) ?? best;
  }
  if (key !== undefined && isMap(node)) {
    const pair = node.items.find((p) => (p.key as { value?: unknown } | null)?.value === key);
    best = offsetOf(pair?.key) ?? best;
  }
  return y.lines.linePos(best);
}

export function docOffset(y: YamlFile, doc: Document.Parsed): { line: number; col: number } {
  return y.lines.linePos(offsetOf(doc.contents as YamlNode) ?? 0);
}

function pointerToPath(pointer: string): (string | number)[] {
  if (!pointer) return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

function describe(e: ErrorObject): string {
  switch (e.keyword) {
    case 'enum':
      return `must be one of ${(e.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'type':
      return `must be ${e.params.type === 'integer' ? 'an integer' : /^[aeiou]/.test(String(e.params.type)) ? `an ${e.params.type}` : `a ${e.params.type}`}`;
    case 'minimum':
      return `must be an integer ≥ ${e.params.limit}`.replace(
        'an integer',
        typeof e.data === 'number' && !Number.isInteger(e.data) ? 'a number' : 'an integer',
      );
    case 'maximum':
      return `must be ≤ ${e.params.limit}`;
    case 'pattern':
      return `must match ${e.params.pattern}`;
    case 'format':
      return `must be a valid ${e.params.format}`;
    case 'minItems':
      return `must have at least ${e.params.limit} item(s)`;
    case 'const':
      return `must be ${JSON.stringify(e.params.allowedValue)}`;
    default:
      return e.message ?? 'is invalid';
  }
}

/**
 * Turns ajv errors into positioned problems. `base` is the path of the validated value inside the
 * document (e.g. ['options'] for check options); `context` is appended in parentheses.
 */
export function schemaProblems(
  y: YamlFile,
  doc: Document.Parsed,
  errors: readonly ErrorObject[],
  base: readonly (string | number)[] = [],
  context?: string,
): Problem[] {
  const out: Problem[] = [];
  const seen = new Set<string>();
  const suffix = context ? ` (${context})` : '';
  // anyOf/oneOf wrappers repeat what their branches say; keep the branches.
  const useful = errors.filter((e) => e.keyword !== 'anyOf' && e.keyword !== 'oneOf' && e.keyword !== 'if');
  for (const e of useful.length ? useful : errors) {
    const path = [...base, ...pointerToPath(e.instancePath)];
    let message: string;
    let key: string | undefined;
    let shown = path;
    if (e.keyword === 'additionalProperties') {
      key = String(e.params.additionalProperty);
      const known = Object.keys((e.parentSchema as { properties?: object } | undefined)?.properties ?? {});
      const hint = didYouMean(key, known);
      message = `unknown field "${key}"${hint ? `; did you mean "${hint}"?` : ''}`;
      shown = [...path, key];
    } else if (e.keyword === 'required') {
      message = `missing required field "${String(e.params.missingProperty)}"`;
    } else {
      message = describe(e);
    }
    const pos = locate(y, doc, path, key);
    const problem: Problem = {
      code: e.keyword === 'additionalProperties' ? 'unknown-field' : 'schema',
      file: y.file,
      line: pos.line,
      col: pos.col,
      path: pathToString(shown),
      message: message + suffix,
    };
    const id = `${problem.line}:${problem.col}:${problem.path}:${problem.message}`;
    if (!seen.has(id)) {
      seen.add(id);
      out.push(problem);
    }
  }
  return out;
}
