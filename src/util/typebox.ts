// TypeBox, loaded through require. The CLI runs on tsx's loader (no build step), and under it every ES
// module costs a round trip to the loader's thread: TypeBox's ESM build is 266 files, 500 ms at startup,
// against 150 ms for its CommonJS build. Types come from the package as usual. Its Kind symbols are
// global (Symbol.for), so a schema is the same whichever build made it.
import { createRequire } from 'node:module';
import type * as TypeBox from '@sinclair/typebox';

const require = createRequire(import.meta.url);

export const { Type } = require('@sinclair/typebox') as typeof TypeBox;
export type { Static, TObject, TSchema } from '@sinclair/typebox';
