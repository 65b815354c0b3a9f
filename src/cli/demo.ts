// `readiness demo`: the whole pipeline on the fictional demo estate, with no cloud account. It judges the
// saved demo snapshot; the estate has deliberate failures, so its gate is blocked on purpose.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Io } from './io.js';
import { runCheck } from './run.js';

const DEMO_DIR = fileURLToPath(new URL('../../examples/demo/', import.meta.url));

export async function runDemo(io: Io, opts: { out: string; quiet?: boolean }): Promise<number> {
  const rel = (p: string) => path.relative(io.cwd, path.join(DEMO_DIR, p)) || '.';
  io.err(`Demo: judging the fictional estate in ${rel('snapshot.json')} with ${rel('readiness.yaml')}.\n\n`);
  const result = await runCheck(io, {
    config: path.join(DEMO_DIR, 'readiness.yaml'),
    snapshot: path.join(DEMO_DIR, 'snapshot.json'),
    out: opts.out,
    ...(opts.quiet ? { quiet: true } : {}),
  });
  io.out(
    `\nThe demo ran: its gate is ${result.report.gate.decision}` +
      (result.report.gate.decision === 'blocked'
        ? ' on purpose (the demo estate has deliberate failures)'
        : '') +
      `. A real run exits ${result.exitCode} here.\n`,
  );
  return 0;
}
