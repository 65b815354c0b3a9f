// TypeBox's Value module, loaded through require for the reason given in typebox.ts.
import { createRequire } from 'node:module';
import type * as TypeBoxValue from '@sinclair/typebox/value';

const require = createRequire(import.meta.url);

export const { Value } = require('@sinclair/typebox/value') as typeof TypeBoxValue;
