// Reading a saved snapshot: parsed with positions (JSON is YAML) and checked against the snapshot schema,
// so a damaged or hand-edited file gets positioned problems and exit 2, never a crash.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { displayPath } from '../config/load.js';
import type { Problem } from '../config/problems.js';
import { parseYaml, schemaProblems } from '../config/yaml.js';
import { type Snapshot, SnapshotSchema } from '../snapshot/snapshot.js';
import { compile } from '../util/ajv.js';

export function readSnapshot(file: string, cwd: string): { snapshot?: Snapshot; problems: Problem[] } {
  const abs = path.resolve(cwd, file);
  const shown = displayPath(abs, cwd);
  let text: string;
  try {
    text = readFileSync(abs, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return {
      problems: [
        {
          code: 'file-not-found',
          file: shown,
          line: 1,
          col: 1,
          path: '',
          message: code === 'ENOENT' ? 'file not found' : `cannot read: ${code}`,
        },
      ],
    };
  }
  const { parsed, problems } = parseYaml(shown, text);
  if (problems.length) return { problems };
  const doc = parsed.docs[0];
  if (!doc || parsed.docs.length !== 1) {
    return {
      problems: [
        { code: 'schema', file: shown, line: 1, col: 1, path: '', message: 'must hold one JSON document' },
      ],
    };
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 0 });
  } catch (err) {
    return {
      problems: [
        {
          code: 'yaml-syntax',
          file: shown,
          line: 1,
          col: 1,
          path: '',
          message: err instanceof Error ? err.message : String(err),
        },
      ],
    };
  }
  const validate = compile(SnapshotSchema);
  if (!validate(value))
    return { problems: schemaProblems(parsed, doc, validate.errors ?? [], [], 'snapshot') };
  const snapshot = value as Snapshot;
  if (Number.isNaN(Date.parse(snapshot.collectedAt))) {
    return {
      problems: [
        { code: 'schema', file: shown, line: 1, col: 1, path: 'collectedAt', message: 'must be a date-time' },
      ],
    };
  }
  return { snapshot, problems: [] };
}
