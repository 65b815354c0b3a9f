// Scale benchmark: the AWS collector and the engine against generated estates of about 100, 1,000 and
// 10,000 DB instances in the local simulator, with a fixed latency per request and AWS-like rate limits.
//
//   npm run bench [-- --sizes 100,1000,10000,2000-open] [--out reports/bench] [--seed 1] [--concurrency N]
//                    [--cold] [--timeline] [--untold] [--eval-runs 3]
//
// A size N is an estate of about N DB instances behind AWS-like rate limits, which the collector is told
// (`aws.quotas`, as it assumes AWS's published defaults against AWS itself). N-open is an estate of about N
// instances in one account and region behind latency alone, no quotas told: as a run against LocalStack,
// moto or a test double sees it (against such an endpoint the collector paces only once throttled).
// --untold runs the rate-limited estates without telling the collector their quotas, as against an
// endpoint whose limits nobody configured: it then learns them from its first throttles. --eval-runs sets
// how many evaluations are timed after the first (3; the best is reported, and every one is recorded).
//
// Each size runs in its own child process (the collector and the engine; the simulator stays in this
// one), so peak RSS (process.resourceUsage().maxRSS) is that size's alone. The child first collects a
// one-instance estate from a second simulator, untimed (reported as the warm-up: module loading and the
// first JIT, which every process pays once); --cold skips that. For each size it prints a table and
// writes <out>/bench-<size>.json, and finally <out>/bench.json with every size; --timeline also
// writes every request the simulator saw (<out>/bench-<size>-requests.json). BENCH_CHILD_FLAGS
// passes node flags to the child, e.g. BENCH_CHILD_FLAGS="--cpu-prof --cpu-prof-dir=.tmp/prof".
//
// The simulated AWS (numbers per (account, region, service), as token buckets):
//   latency        20 ms added to every request.
//   RDS            burst 300, 12 requests/s sustained: Amazon RDS's published default for its API
//                  ("Request throttling for the Amazon RDS API": 300 in a burst, 12 per second).
//   AWS Backup     burst 20, 10 requests/s sustained: modelled. AWS Backup publishes per-API limits of the
//                  order of ten calls a second; one bucket for the whole service is the stricter model.
//   STS            not limited.
//
// What is measured, per size:
//   calls     the collector's calls per operation (one per command sent; retries are counted apart) and
//             the requests the simulator saw, against the minimum the enabled checks need, computed from
//             the generated estate alone (src/sim/cost.ts): per list and partition max(1, ceil(n / page
//             size)), one call per item that has no list form, one GetCallerIdentity per partition and one
//             AssumeRole per account. Target: calls = minimum (ratio 1.00).
//   floor     the least wall time any client could take on that estate (src/sim/cost.ts):
//               floor = max( chain: max over partitions of the longest chain of calls that must run one
//                                   after another (AssumeRole → GetCallerIdentity → pages in order → the
//                                   per-item call after the last page) × latency,
//                            rate:  max over partitions and services of
//                                   (calls before the first limited one + 1) × latency
//                                   + max(0, calls − burst) / rate,
//                            concurrency: ceil(all calls / concurrency) × latency )
//             and wall / floor. Target: ≤ 1.3.
//             Also shown: the CPU time the collector used (process.cpuUsage, all threads) and the
//             simulator's: when the collector's CPU reaches the wall time, it is CPU-bound, not waiting.
//   throttled requests the simulator refused for a rate limit (each is retried by the SDK).
//   peak RSS  of the child process (process.resourceUsage().maxRSS) once it has collected and evaluated
//             once, as `readiness check` does. Target at 10,000 instances: ≤ 512 MB.
//   evaluation every check of the library whose facts AWS provides (and the config check), with default
//             options: the first run over the collected snapshot, and the best of three more (--eval-runs), each over a
//             fresh copy of it (read back from its JSON, so no per-snapshot index is reused) after a full
//             garbage collection; and the time per 10,000 resource-policy pairs (findings).
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { CHECKS } from '../checks/index.js';
import { awsCollector } from '../src/collect/aws/index.js';
import { collect } from '../src/collect/index.js';
import { DEFAULT_CONCURRENCY } from '../src/collect/types.js';
import { evaluate } from '../src/engine/index.js';
import type { Inputs } from '../src/engine/inputs.js';
import { plan } from '../src/engine/plan.js';
import { target as baseTarget, defaultInputs } from '../src/kit/builders.js';
import { type Cost, type Floor, floor, minimumCost } from '../src/sim/cost.js';
import type { RateLimit } from '../src/sim/faults.js';
import { type GeneratedEstate, generateEstate } from '../src/sim/generate.js';
import { startSimulator } from '../src/sim/index.js';
import type { FactName } from '../src/snapshot/facts.js';

const LATENCY_MS = 20;
const RATE_LIMITS: RateLimit[] = [
  { service: 'rds', perSecond: 12, burst: 300 },
  { service: 'backup', perSecond: 10, burst: 20 },
];
const NOW = new Date('2026-11-29T12:00:00.000Z');
/** Instances → accounts × regions. */
const SHAPES: Record<number, { accounts: number; regions: number }> = {
  100: { accounts: 1, regions: 1 },
  1000: { accounts: 5, regions: 2 },
  10000: { accounts: 20, regions: 4 },
};
const shapeOf = (n: number) =>
  SHAPES[n] ?? { accounts: Math.min(20, Math.max(1, Math.round(n / 500))), regions: n >= 5000 ? 4 : 2 };

/** One benchmark estate: about `instances` DB instances, rate-limited, or `open` (one partition, latency only). */
interface Scenario {
  instances: number;
  open: boolean;
}
const scenarioName = (s: Scenario) => `${s.instances}${s.open ? '-open' : ''}`;
function parseScenario(text: string): Scenario | undefined {
  const m = /^([0-9]+)(-open)?$/.exec(text.trim());
  const instances = Number(m?.[1]);
  return m && instances >= 1 ? { instances, open: Boolean(m[2]) } : undefined;
}
/** The quotas the collector is told: the simulator's own limits. */
const QUOTAS_TOLD = Object.fromEntries(
  RATE_LIMITS.map(({ service, burst, perSecond }) => [service, { burst, perSecond }]),
);

/** Every check the engine can judge from AWS facts alone (the others read GitHub, HTTP and the repo). */
function benchInputs(targetName: string): Inputs {
  const checks = CHECKS.filter((c) => c.requires.every((f) => f.startsWith('aws.')));
  return defaultInputs(checks, { ...baseTarget(), name: targetName });
}

interface Endpoint {
  endpoint: string;
  accounts: GeneratedEstate['accounts'];
  regions: string[];
  credentials: GeneratedEstate['credentials'];
}

interface ChildInput extends Endpoint {
  concurrency: number;
  /** The request quotas the collector paces itself to (aws.quotas); none for an open estate. */
  quotas?: Record<string, { burst: number; perSecond: number }>;
  /** A one-instance estate collected first, untimed, so the figures are not those of a cold process. */
  warmUp?: Endpoint;
  /** Evaluations timed after the first. */
  evalRuns: number;
}

interface ChildOutput {
  /** The untimed warm-up collection (a one-instance estate in a fresh process), when there was one. */
  warmUpMs: number;
  wallMs: number;
  calls: Record<string, number>;
  errors: { fact: string; operation: string; code: string; account?: string; region?: string }[];
  items: Record<string, number>;
  progressEvents: number;
  evaluation: {
    checks: number;
    pairs: number;
    coldMs: number;
    warmMs: number;
    /** Every timed evaluation after the first, in order. */
    warmRunsMs: number[];
    statuses: Record<string, number>;
  };
  heapAfterCollectMb: number;
  rssAfterCollectMb: number;
  collectCpuMs: number;
  peakRssMb: number;
}

// ---- child: collect and evaluate one estate, print the figures as JSON ----

async function child(): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  const input = JSON.parse(Buffer.concat(chunks).toString('utf8')) as ChildInput;
  const inputs = benchInputs('bench');
  const p = plan(inputs);
  const t = inputs.targets[0];
  if (!t) throw new Error('no target');
  t.aws = {
    regions: input.regions,
    endpoint: input.endpoint,
    accounts: input.accounts,
    ...(input.quotas ? { quotas: input.quotas } : {}),
  };
  const facts = (p.requests[0]?.facts ?? []) as FactName[];
  const env = (e: Endpoint) => ({
    AWS_ACCESS_KEY_ID: e.credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: e.credentials.secretAccessKey,
  });
  let warmUpMs = 0;
  if (input.warmUp) {
    const w = input.warmUp;
    const wt = { ...t, aws: { regions: w.regions, endpoint: w.endpoint, accounts: w.accounts } };
    const t0 = performance.now();
    await collect([{ target: wt, facts }], [awsCollector], {
      concurrency: input.concurrency,
      timeoutMs: 30_000,
      now: NOW,
      needs: p.needs,
      env: env(w),
    });
    warmUpMs = performance.now() - t0;
  }
  let progressEvents = 0;
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  const snapshot = await collect([{ target: t, facts }], [awsCollector], {
    concurrency: input.concurrency,
    timeoutMs: 30_000,
    now: NOW,
    needs: p.needs,
    env: env(input),
    onProgress: () => {
      progressEvents++;
    },
  });
  const wallMs = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  const collectCpuMs = (cpu.user + cpu.system) / 1000;
  const heapAfterCollectMb = process.memoryUsage().heapUsed / 2 ** 20;
  const rssAfterCollectMb = process.resourceUsage().maxRSS / 1024;
  const ts = snapshot.targets[0];
  const items = Object.fromEntries(
    Object.entries(ts?.facts ?? {}).map(([k, v]) => [k, (v as unknown[]).length]),
  );

  // A run collects, then evaluates once: the peak RSS is taken there. Three more evaluations time it with
  // the code compiled (the best of them is reported: the machine's other work only ever adds time). Each
  // of those judges a fresh copy of the snapshot, as if read back from its file, so that nothing the
  // checks share per snapshot (the indexes of subjects, selections and restore jobs) is reused.
  const times: number[] = [];
  let pairs = 0;
  let peakRssMb = 0;
  const statuses: Record<string, number> = {};
  let text = ''; // made after the first run, so it is not in that run's peak RSS
  for (let run = 0; run <= input.evalRuns; run++) {
    if (run === 1) text = JSON.stringify(snapshot);
    const judged = run === 0 ? snapshot : (JSON.parse(text) as typeof snapshot);
    // Each timed run starts from a collected heap, so one run's garbage is not billed to the next (the
    // first is left as a real run has it, for its peak RSS).
    if (run > 0) (globalThis as { gc?: () => void }).gc?.();
    const t0 = performance.now();
    const { findings } = evaluate(inputs, judged);
    times.push(performance.now() - t0);
    pairs = findings.length;
    if (run === 0) {
      peakRssMb = process.resourceUsage().maxRSS / 1024;
      for (const f of findings) statuses[f.status] = (statuses[f.status] ?? 0) + 1;
    }
  }
  const out: ChildOutput = {
    warmUpMs,
    wallMs,
    calls: ts?.provenance.calls ?? {},
    errors: (ts?.errors ?? []).map(({ fact, operation, code, account, region }) => ({
      fact,
      operation,
      code,
      ...(account ? { account } : {}),
      ...(region ? { region } : {}),
    })),
    items,
    progressEvents,
    evaluation: {
      checks: inputs.policies.length,
      pairs,
      coldMs: times[0] ?? 0,
      warmMs: Math.min(...times.slice(1)),
      warmRunsMs: times.slice(1),
      statuses,
    },
    heapAfterCollectMb,
    rssAfterCollectMb,
    collectCpuMs,
    peakRssMb: peakRssMb || process.resourceUsage().maxRSS / 1024,
  };
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

function runChild(input: ChildInput): Promise<ChildOutput> {
  return new Promise((resolve, reject) => {
    // BENCH_CHILD_FLAGS: extra node flags for the child, e.g. "--cpu-prof --cpu-prof-dir=.tmp/prof".
    const flags = process.env.BENCH_CHILD_FLAGS?.split(' ').filter(Boolean) ?? [];
    const proc = spawn(
      process.execPath,
      [...process.execArgv, '--expose-gc', ...flags, fileURLToPath(import.meta.url), '--child'],
      {
        stdio: ['pipe', 'pipe', 'inherit'],
        env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
      },
    );
    let text = '';
    proc.stdout.on('data', (d: Buffer) => {
      text += d.toString('utf8');
    });
    proc.on('error', reject);
    proc.on('close', (code) => {
      const last = text.trim().split('\n').pop() ?? '';
      if (code !== 0) return reject(new Error(`bench child exited ${code}: ${text.slice(-2000)}`));
      try {
        resolve(JSON.parse(last) as ChildOutput);
      } catch {
        reject(new Error(`bench child printed no result: ${text.slice(-2000)}`));
      }
    });
    proc.stdin.end(JSON.stringify(input));
  });
}

// ---- parent: generate, serve, measure, report ----

interface SizeResult {
  /** 100, 1000, 10000 (rate-limited) or N-open. */
  size: string;
  instances: number;
  open: boolean;
  /** Whether the collector was told the simulator's quotas (aws.quotas). */
  quotasTold: boolean;
  accounts: number;
  regions: number;
  partitions: number;
  estate: Record<string, number>;
  concurrency: number;
  latencyMs: number;
  rateLimits: RateLimit[];
  /** The warm-up collection of a one-instance estate in the fresh child: module loading and JIT. */
  warmUpMs: number;
  wallMs: number;
  floor: Floor;
  wallOverFloor: number;
  calls: { operation: string; minimum: number; calls: number; requests: number; ratio: number }[];
  totals: { minimum: number; calls: number; requests: number; ratio: number };
  throttled: number;
  retries: number;
  errors: ChildOutput['errors'];
  progressEvents: number;
  peakRssMb: number;
  heapAfterCollectMb: number;
  rssAfterCollectMb: number;
  collectCpuMs: number;
  /** CPU the simulator (this process) used while the child ran: it shares the machine with the collector. */
  simulatorCpuMs: number;
  evaluation: ChildOutput['evaluation'] & { msPer10kPairs: number };
  /** The machine, and how fast its CPU ran around this size (a shared VM's speed drifts, by 2× here). */
  machine: { cpus: number; node: string; platform: string; referenceLoopMs: number };
}

let timelineDir: string | undefined;
/** --untold: the collector is not told the rate-limited estates' quotas. */
let untold = false;
/** --eval-runs: evaluations timed after the first. */
let evalRuns = 3;

/**
 * A fixed piece of CPU work (10^8 steps of an integer loop), timed: the figures of a size are comparable
 * with another run's only when this is too. On the shared 2-vCPU VM the README's table comes from, it
 * took between 96 and 180 ms over one evening.
 */
function referenceLoop(): number {
  const t0 = performance.now();
  let sum = 0;
  for (let i = 0; i < 1e8; i++) sum += i & 7;
  const ms = performance.now() - t0;
  if (sum !== 350_000_000) throw new Error('reference loop miscounted');
  return ms;
}

async function runSize(
  scenario: Scenario,
  seed: number,
  concurrency: number,
  warmUp: boolean,
): Promise<SizeResult> {
  const { instances, open } = scenario;
  const shape = open ? { accounts: 1, regions: 1 } : shapeOf(instances);
  const rateLimits = open ? [] : RATE_LIMITS;
  const referenceLoopMs = referenceLoop();
  const inputs = benchInputs('bench');
  const p = plan(inputs);
  const facts = p.requests[0]?.facts ?? [];
  const windowDays = p.needs.restoreJobWindowDays ?? 30;
  const g = generateEstate({ instances, ...shape, seed, windowDays });
  const cost: Cost = minimumCost({
    estate: g.estate,
    accounts: g.accounts,
    regions: g.regions,
    facts,
    now: NOW,
    restoreJobWindowDays: windowDays,
  });
  const fl = floor(cost, { latencyMs: LATENCY_MS, rateLimits, concurrency });
  const sim = await startSimulator({
    estate: g.estate,
    latencyMs: LATENCY_MS,
    rateLimits,
    now: NOW,
  });
  // The warm-up estate: one instance, its own simulator (no rate limits, so it leaves no bucket drained).
  const w = generateEstate({ instances: 1, accounts: 1, regions: 1, seed: seed + 1, windowDays });
  const warmSim = warmUp
    ? await startSimulator({ estate: w.estate, latencyMs: LATENCY_MS, now: NOW })
    : undefined;
  let out: ChildOutput;
  const simCpu = process.cpuUsage();
  try {
    out = await runChild({
      endpoint: sim.url,
      accounts: g.accounts,
      regions: g.regions,
      credentials: g.credentials,
      concurrency,
      evalRuns,
      ...(open || untold ? {} : { quotas: QUOTAS_TOLD }),
      ...(warmSim
        ? {
            warmUp: {
              endpoint: warmSim.url,
              accounts: w.accounts,
              regions: w.regions,
              credentials: w.credentials,
            },
          }
        : {}),
    });
  } finally {
    await sim.close();
    await warmSim?.close();
  }
  const simCpuUsed = process.cpuUsage(simCpu);
  const simCpuMs = (simCpuUsed.user + simCpuUsed.system) / 1000;
  if (timelineDir) {
    const t0 = sim.requests[0]?.at ?? 0;
    const rows = sim.requests.map((r) => ({
      at: r.at - t0,
      ms: (r.finishedAt ?? r.at) - r.at,
      op: `${r.service}:${r.operation}`,
      where: `${r.account}/${r.region}`,
      ...(r.fault ? { fault: r.fault } : {}),
    }));
    writeFileSync(
      path.join(timelineDir, `bench-${scenarioName(scenario)}-requests.json`),
      `${JSON.stringify(rows)}\n`,
    );
  }
  const requests: Record<string, number> = {};
  for (const r of sim.requests) {
    const op = `${r.service}:${r.operation}`;
    requests[op] = (requests[op] ?? 0) + 1;
  }
  const logical = Object.fromEntries(Object.entries(out.calls).filter(([k]) => !k.startsWith('retries:')));
  const ops = [
    ...new Set([...Object.keys(cost.calls), ...Object.keys(logical), ...Object.keys(requests)]),
  ].sort();
  const calls = ops.map((operation) => {
    const minimum = cost.calls[operation] ?? 0;
    const n = logical[operation] ?? 0;
    return {
      operation,
      minimum,
      calls: n,
      requests: requests[operation] ?? 0,
      ratio: minimum ? n / minimum : Infinity,
    };
  });
  const sum = (k: 'minimum' | 'calls' | 'requests') => calls.reduce((a, c) => a + c[k], 0);
  const totals = { minimum: sum('minimum'), calls: sum('calls'), requests: sum('requests'), ratio: 0 };
  totals.ratio = totals.calls / totals.minimum;
  const retries = Object.entries(out.calls)
    .filter(([k]) => k.startsWith('retries:'))
    .reduce((a, [, n]) => a + n, 0);
  return {
    size: scenarioName(scenario),
    instances,
    open,
    quotasTold: !open && !untold,
    ...shape,
    partitions: g.accounts.length * g.regions.length,
    estate: g.counts,
    concurrency,
    latencyMs: LATENCY_MS,
    rateLimits,
    warmUpMs: out.warmUpMs,
    wallMs: out.wallMs,
    floor: fl,
    wallOverFloor: out.wallMs / fl.ms,
    calls,
    totals,
    throttled: sim.requests.filter((r) => r.fault === 'rateLimit').length,
    retries,
    errors: out.errors,
    progressEvents: out.progressEvents,
    peakRssMb: out.peakRssMb,
    heapAfterCollectMb: out.heapAfterCollectMb,
    rssAfterCollectMb: out.rssAfterCollectMb,
    collectCpuMs: out.collectCpuMs,
    simulatorCpuMs: simCpuMs,
    evaluation: {
      ...out.evaluation,
      msPer10kPairs: (out.evaluation.warmMs / Math.max(1, out.evaluation.pairs)) * 10_000,
    },
    machine: {
      cpus: os.cpus().length,
      node: process.version,
      platform: `${os.platform()} ${os.arch()}`,
      referenceLoopMs,
    },
  };
}

const int = (n: number) => Math.round(n).toLocaleString('en-GB');
const fixed = (n: number, d = 2) => (Number.isFinite(n) ? n.toFixed(d) : '∞');

function sizeTable(r: SizeResult): string {
  const lines = [
    `${int(r.instances)} DB instances${r.open ? ' (open: latency only, no quotas told)' : r.quotasTold ? '' : ' (quotas not told)'} · ${r.accounts} account(s) × ${r.regions} region(s) = ${r.partitions} partition(s) · ` +
      `${int(r.estate.restoreJobsInWindow ?? 0)} restore jobs in the window · ${int(r.estate.recoveryPoints ?? 0)} recovery points`,
    `${'operation'.padEnd(44)}${'minimum'.padStart(9)}${'calls'.padStart(9)}${'requests'.padStart(10)}${'ratio'.padStart(8)}`,
    ...r.calls.map(
      (c) =>
        `${c.operation.padEnd(44)}${int(c.minimum).padStart(9)}${int(c.calls).padStart(9)}${int(c.requests).padStart(10)}${fixed(c.ratio).padStart(8)}`,
    ),
    `${'total'.padEnd(44)}${int(r.totals.minimum).padStart(9)}${int(r.totals.calls).padStart(9)}${int(r.totals.requests).padStart(10)}${fixed(r.totals.ratio).padStart(8)}`,
    `wall ${int(r.wallMs)} ms${r.warmUpMs ? ` (after a ${int(r.warmUpMs)} ms warm-up)` : ' (cold)'} · floor ${int(r.floor.ms)} ms (${r.floor.bound}: ${r.floor.where}; chain ${int(r.floor.chainMs)}, ` +
      `rate ${int(r.floor.rateMs)}, concurrency ${int(r.floor.concurrencyMs)}) · wall/floor ${fixed(r.wallOverFloor)} · ` +
      `CPU: collector ${int(r.collectCpuMs)} ms, simulator ${int(r.simulatorCpuMs)} ms`,
    `CPU reference loop ${int(r.machine.referenceLoopMs)} ms · throttled ${r.throttled} · retries ${r.retries} · errors ${r.errors.length} · concurrency ${r.concurrency} · ` +
      `peak RSS ${int(r.peakRssMb)} MB (${int(r.rssAfterCollectMb)} MB by the end of collection; heap then ${int(r.heapAfterCollectMb)} MB)`,
    `evaluation: ${r.evaluation.checks} checks, ${int(r.evaluation.pairs)} resource-policy pairs, first ${int(r.evaluation.coldMs)} ms, ` +
      `then ${int(r.evaluation.warmMs)} ms = ${fixed(r.evaluation.msPer10kPairs, 1)} ms per 10,000 pairs ` +
      `(best of ${r.evaluation.warmRunsMs.map(int).join(', ')} ms)`,
  ];
  return `${lines.join('\n')}\n`;
}

export function summaryTable(results: SizeResult[]): string {
  const head =
    '| DB instances | accounts × regions | calls / minimum | wall | floor (bound) | wall / floor | collector CPU | throttled | peak RSS | evaluation (pairs) | per 10,000 pairs | CPU reference loop |';
  const rule = '| ---: | :---: | :---: | ---: | ---: | :---: | ---: | ---: | ---: | ---: | ---: | ---: |';
  const rows = results.map(
    (r) =>
      `| ${int(r.instances)}${r.open ? ' open' : r.quotasTold ? '' : ' untold'} | ${r.accounts} × ${r.regions} | ${int(r.totals.calls)} / ${int(r.totals.minimum)} = ${fixed(r.totals.ratio)} | ` +
      `${int(r.wallMs)} ms | ${int(r.floor.ms)} ms (${r.floor.bound}) | ${fixed(r.wallOverFloor)} | ` +
      `${int(r.collectCpuMs)} ms | ${r.throttled} | ` +
      `${int(r.peakRssMb)} MB | ${int(r.evaluation.warmMs)} ms (${int(r.evaluation.pairs)}) | ${fixed(r.evaluation.msPer10kPairs, 1)} ms | ${int(r.machine.referenceLoopMs)} ms |`,
  );
  return [head, rule, ...rows].join('\n');
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      child: { type: 'boolean', default: false },
      sizes: { type: 'string', default: '100,1000,10000,2000-open' },
      out: { type: 'string', default: 'reports/bench' },
      seed: { type: 'string', default: '1' },
      concurrency: { type: 'string' },
      timeline: { type: 'boolean', default: false },
      cold: { type: 'boolean', default: false },
      untold: { type: 'boolean', default: false },
      'eval-runs': { type: 'string', default: '3' },
    },
  });
  if (values.child) return child();
  const sizes = values.sizes.split(',').map(parseScenario);
  const concurrency = values.concurrency ? Number(values.concurrency) : DEFAULT_CONCURRENCY;
  evalRuns = Number(values['eval-runs']);
  if (
    sizes.some((s) => !s) ||
    !Number.isInteger(concurrency) ||
    concurrency < 1 ||
    !Number.isInteger(evalRuns) ||
    evalRuns < 1
  ) {
    process.stderr.write(
      'usage: bench [--sizes 100,1000,10000,2000-open] [--out DIR] [--seed N] [--concurrency N] [--eval-runs N]\n',
    );
    process.exit(2);
  }
  const outDir = path.resolve(values.out);
  mkdirSync(outDir, { recursive: true });
  if (values.timeline) timelineDir = outDir;
  untold = values.untold;
  process.stdout.write(
    `readiness bench · ${os.cpus().length} CPU(s) · Node ${process.version} · latency ${LATENCY_MS} ms · ` +
      `RDS ${RATE_LIMITS[0]?.burst}/${RATE_LIMITS[0]?.perSecond} per s · Backup ${RATE_LIMITS[1]?.burst}/${RATE_LIMITS[1]?.perSecond} per s ` +
      `(burst/sustained per account, region; none for N-open) · concurrency ${concurrency}\n\n`,
  );
  const results: SizeResult[] = [];
  for (const scenario of sizes as Scenario[]) {
    const r = await runSize(scenario, Number(values.seed), concurrency, !values.cold);
    results.push(r);
    writeFileSync(path.join(outDir, `bench-${r.size}.json`), `${JSON.stringify(r, null, 2)}\n`);
    process.stdout.write(`${sizeTable(r)}\n`);
  }
  writeFileSync(
    path.join(outDir, 'bench.json'),
    `${JSON.stringify({ generatedAt: new Date().toISOString(), results }, null, 2)}\n`,
  );
  process.stdout.write(
    `${summaryTable(results)}\n\nwritten to ${path.relative(process.cwd(), outDir) || outDir}\n`,
  );
}

await main();
