// TypeBox is loaded through require (src/util/typebox.ts): under tsx's loader its 266-file ESM build costs
// about 500 ms at every start of the CLI, its CommonJS build about 150 ms. A value import of the package
// anywhere else would bring the ESM build back.
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Type } from '../src/util/typebox.js';
import { Value } from '../src/util/typebox-value.js';

const root = path.resolve(import.meta.dirname, '..');
const sources = (dir: string): string[] =>
  readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? sources(path.join(dir, e.name))
      : e.name.endsWith('.ts') && !e.name.endsWith('.test.ts')
        ? [path.join(dir, e.name)]
        : [],
  );

describe('TypeBox', () => {
  it('is the CommonJS build, and works as the package does', () => {
    const cache = Object.keys(createRequire(import.meta.url).cache);
    expect(cache.some((k) => k.includes(path.join('@sinclair', 'typebox', 'build', 'cjs', 'index.js')))).toBe(
      true,
    );
    const schema = Type.Object({ n: Type.Integer({ minimum: 1 }) });
    expect(Value.Check(schema, { n: 2 })).toBe(true);
    expect(Value.Check(schema, { n: 0 })).toBe(false);
  });

  it('is imported for its values only through src/util/typebox*.ts', () => {
    const files = [...sources('src'), ...sources('checks'), ...sources('scripts')];
    expect(files.length).toBeGreaterThan(50);
    const direct = files.filter(
      (f) =>
        !/src[/\\]util[/\\]typebox(-value)?\.ts$/.test(f) &&
        /^import \{[^}]*\} from '@sinclair\/typebox[^']*';/m.test(readFileSync(path.join(root, f), 'utf8')),
    );
    expect(direct).toEqual([]);
  });
});
