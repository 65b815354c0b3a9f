// Runs the local AWS simulator on 127.0.0.1 until interrupted, so `readiness collect` (endpoint: the
// printed URL) or the AWS CLI (--endpoint-url) can be pointed at a fictional estate.
//
//   npx tsx scripts/sim.ts [--estate examples/demo/estate.json] [--port 4566] [--latency-ms 20]
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { Estate } from '../src/sim/estate.js';
import { startSimulator } from '../src/sim/index.js';

const { values } = parseArgs({
  options: {
    estate: { type: 'string', default: 'examples/demo/estate.json' },
    port: { type: 'string', default: '0' },
    'latency-ms': { type: 'string', default: '0' },
  },
});

const estate = JSON.parse(readFileSync(values.estate, 'utf8')) as Estate;
const sim = await startSimulator({
  estate,
  port: Number(values.port),
  latencyMs: Number(values['latency-ms']),
});
process.stdout.write(`${sim.url}\n`);
process.stderr.write(
  `AWS simulator serving ${values.estate}; access keys: ${estate.users.map((u) => `${u.accessKeyId} (${u.account})`).join(', ')}. Ctrl-C to stop.\n`,
);
const stop = () => {
  sim.close().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
