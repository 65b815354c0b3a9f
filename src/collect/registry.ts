// The source collectors, one per source. A fact that none of them provides is recorded as an error.
import { awsCollector } from './aws/index.js';
import { githubCollector } from './github.js';
import { httpCollector } from './http.js';
import { repoCollector } from './repo.js';
import type { SourceCollector } from './types.js';

export const COLLECTORS: readonly SourceCollector[] = [
  awsCollector,
  githubCollector,
  httpCollector,
  repoCollector,
];
