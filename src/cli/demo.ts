// `readiness demo`: the whole pipeline on the fictional demo estate, with no cloud account. It starts the
// local stand-ins on 127.0.0.1 — the AWS simulator serving examples/demo/estate.json through the real SDK
// clients — points the demo targets at them, and runs `check`. The estate has deliberate failures, so the
// demo's gate is blocked on purpose; the demo itself exits 0 when it ran.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LoadedProject } from '../config/load.js';
import type { Estate } from '../sim/estate.js';
import { startSimulator } from '../sim/index.js';
import type { Io } from './io.js';
import { runCheck } from './run.js';

export const DEMO_DIR = fileURLToPath(new URL('../../examples/demo/', import.meta.url));

/** Fictional credentials the simulator knows; the user's own credentials are never used by the demo. */
const DEMO_ENV = {
  AWS_ACCESS_KEY_ID: 'AKIADEMOREADINESS001',
  AWS_SECRET_ACCESS_KEY: 'demo-secret-for-the-local-simulator',
  AWS_REGION: 'eu-west-2',
};

export async function runDemo(io: Io, opts: { out: string; quiet?: boolean }): Promise<number> {
  const rel = (p: string) => path.relative(io.cwd, path.join(DEMO_DIR, p)) || '.';
  const estate = JSON.parse(readFileSync(path.join(DEMO_DIR, 'estate.json'), 'utf8')) as Estate;
  const aws = await startSimulator({ estate });
  try {
    io.err(
      `Demo: ${rel('readiness.yaml')} against the fictional estate ${rel('estate.json')}, served by the local AWS simulator at ${aws.url}.\n\n`,
    );
    const adjust = (project: LoadedProject) => {
      for (const t of project.inputs.targets) if (t.aws) t.aws = { ...t.aws, endpoint: aws.url };
    };
    const env: NodeJS.ProcessEnv = { ...DEMO_ENV, ...(io.env.CI ? { CI: io.env.CI } : {}) };
    const result = await runCheck(
      { ...io, env },
      {
        config: path.join(DEMO_DIR, 'readiness.yaml'),
        out: opts.out,
        adjust,
        ...(opts.quiet ? { quiet: true } : {}),
      },
    );
    io.out(
      `\nThe demo ran: its gate is ${result.report.gate.decision}` +
        (result.report.gate.decision === 'blocked'
          ? ' on purpose (the demo estate has deliberate failures)'
          : '') +
        `. A real run would exit ${result.exitCode}.\n`,
    );
    return 0;
  } finally {
    await aws.close();
  }
}
