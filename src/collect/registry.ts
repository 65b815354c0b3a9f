// The source collectors, one per source. A fact that none of them provides is recorded as an error.
import type { SourceCollector } from './types.js';

export const COLLECTORS: readonly SourceCollector[] = [];
