#!/usr/bin/env node
// The `readiness` bin: runs the TypeScript CLI through tsx, so no build step is needed.
import { register } from 'tsx/esm/api';

register();
await import('../scripts/readiness.ts');
