// The pipeline behind `check`, `evaluate` and `collect`: load and validate, plan, collect (or read a
// saved snapshot), evaluate, gate, and write the evidence bundle.
import { statSync } from 'node:fs';
import path from 'node:path';
import { collect } from '../collect/index.js';
import { DEFAULT_CONCURRENCY, type SourceCollector } from '../collect/types.js';
import { type LoadedProject, loadProject } from '../config/load.js';
import { formatProblem, type Problem } from '../config/problems.js';
import { plan } from '../engine/plan.js';
import { judge } from '../evidence/baseline.js';
import { newRunId } from '../evidence/bundle.js';
import { toInputsFile } from '../evidence/inputs-file.js';
import { redactValue, sanitizeSnapshot, secretValues } from '../evidence/redact.js';
import { writeEvidence } from '../evidence/write.js';
import { buildReport } from '../report/build.js';
import { ALWAYS, formatNames } from '../report/formats.js';
import type { Report } from '../report/model.js';
import { renderTerminal } from '../report/terminal.js';
import type { Snapshot } from '../snapshot/snapshot.js';
import { didYouMean } from '../util/similar.js';
import { type EvidenceFlags, evidenceOptions } from './evidence-options.js';
import { publishToGithub } from './github.js';
import { CliExit, EXIT, type Io } from './io.js';
import { progressLine } from './progress.js';
import { noteWritten } from './signals.js';
import { readSnapshot } from './snapshot-file.js';

export interface RunOptions extends EvidenceFlags {
  config: string;
  targets?: string[];
  out: string;
  formats?: string[];
  snapshot?: string;
  quiet?: boolean;
  verbose?: boolean;
  concurrency?: number;
  /** Overrides applied to the loaded targets (the demo points them at its local stand-ins). */
  adjust?: (project: LoadedProject) => void;
  collectors?: readonly SourceCollector[];
  signal?: AbortSignal;
}

export function printProblems(io: Io, problems: Problem[]): void {
  for (const p of problems) io.err(`${formatProblem(p)}\n`);
  io.err(`${problems.length} problem(s); nothing was collected.\n`);
}

/** Loads and validates; exits 2 with every problem on bad input. Applies --target. */
export function loadOrExit(io: Io, opts: Pick<RunOptions, 'config' | 'targets' | 'adjust'>): LoadedProject {
  const { project, problems } = loadProject(opts.config, { env: io.env, cwd: io.cwd });
  if (!project) {
    printProblems(io, problems);
    throw new CliExit(EXIT.invalid);
  }
  if (opts.targets?.length) {
    const names = project.inputs.targets.map((t) => t.name);
    const unknown = opts.targets.filter((t) => !names.includes(t));
    if (unknown.length) {
      const hints = unknown.map((u) => {
        const hint = didYouMean(u, names);
        return `unknown target "${u}"${hint ? `; did you mean "${hint}"?` : ''}`;
      });
      throw new CliExit(EXIT.invalid, `--target: ${hints.join('; ')} (known: ${names.join(', ')})`);
    }
    project.inputs.targets = project.inputs.targets.filter((t) => opts.targets?.includes(t.name));
  }
  opts.adjust?.(project);
  return project;
}

/** stat, or undefined when nothing is there (or a file stands where a folder would be). */
function statOf(p: string) {
  try {
    return statSync(p, { throwIfNoEntry: false });
  } catch {
    return undefined;
  }
}

/** The nearest existing folder at or above `abs`; undefined when something on the way is not a folder. */
function nearestFolder(abs: string): string | undefined {
  for (let p = abs; ; p = path.dirname(p)) {
    const st = statOf(p);
    if (st) return st.isDirectory() ? p : undefined;
    if (path.dirname(p) === p) return undefined;
  }
}

/**
 * Where bundles go (`--out DIR`), checked before anything is collected: a folder, or a path that can become
 * one. Returns the absolute path; every file of a run is written under `<DIR>/<run-id>/` and nowhere else.
 */
export function outputFolder(io: Io, flag: string, dir: string): string {
  const abs = path.resolve(io.cwd, dir);
  if (!nearestFolder(abs)) {
    const st = statOf(abs);
    throw new CliExit(
      EXIT.invalid,
      `${flag}: ${dir} ${st ? 'is a file, not a folder' : 'cannot be created (a file is in the way)'}`,
    );
  }
  return abs;
}

/** Where a snapshot goes (`collect --out FILE`), checked before anything is collected. */
export function outputFile(io: Io, flag: string, file: string): string {
  const abs = path.resolve(io.cwd, file);
  const st = statOf(abs);
  if (/[\\/]$/.test(file) || st?.isDirectory())
    throw new CliExit(EXIT.invalid, `${flag}: ${file} is a folder; give a file name`);
  if (nearestFolder(path.dirname(abs)) !== path.dirname(abs))
    throw new CliExit(EXIT.invalid, `${flag}: the folder of ${file} does not exist`);
  return abs;
}

export function checkFormats(formats: string[] | undefined): string[] {
  const known = formatNames();
  const list = formats?.length ? formats : known;
  const bad = list.filter((f) => !known.includes(f));
  if (bad.length)
    throw new CliExit(
      EXIT.invalid,
      `--format: unknown format(s) ${bad.join(', ')} (known: ${known.join(', ')})`,
    );
  return [...new Set([...ALWAYS, ...list])].sort();
}

export async function collectFor(
  project: LoadedProject,
  opts: RunOptions,
  io: Io,
  now: Date,
): Promise<Snapshot> {
  const p = plan(project.inputs);
  const progress = io.interactive && !opts.quiet;
  // Loaded only when collecting, so validate/evaluate/explain start without the SDKs.
  const collectors = opts.collectors ?? (await import('../collect/registry.js')).COLLECTORS;
  const line = progress ? progressLine(io) : undefined;
  return collect(p.requests, collectors, {
    concurrency: opts.concurrency ?? project.config.collect?.concurrency ?? DEFAULT_CONCURRENCY,
    timeoutMs: project.config.collect?.timeoutMs ?? 15_000,
    env: io.env,
    now,
    needs: p.needs,
    ...(opts.signal ? { signal: opts.signal } : {}),
    ...(line ? { onProgress: line.onProgress } : {}),
  }).finally(() => line?.end());
}

export interface RunResult {
  report: Report;
  bundleDir: string;
  exitCode: number;
}

/** `check` and `evaluate`: judge, write the bundle, print the summary, and return the gate's exit code. */
export async function runCheck(io: Io, opts: RunOptions): Promise<RunResult> {
  const formats = checkFormats(opts.formats);
  const project = loadOrExit(io, opts);
  const evidence = evidenceOptions(io, opts);
  const outDir = outputFolder(io, '--out', opts.out);
  const started = new Date();
  let snapshot: Snapshot;
  if (opts.snapshot) {
    const read = readSnapshot(opts.snapshot, io.cwd);
    if (!read.snapshot) {
      printProblems(io, read.problems);
      throw new CliExit(EXIT.invalid);
    }
    snapshot = read.snapshot;
  } else {
    snapshot = await collectFor(project, opts, io, started);
  }
  snapshot = sanitizeSnapshot(snapshot, io.env);
  const evaluation = judge(project.inputs, snapshot, evidence.baseline);
  const runId = newRunId(started);
  const digests = Object.fromEntries(project.files.map((f) => [f.path, `sha256:${f.sha256}`]));
  const built = buildReport({
    inputs: project.inputs,
    evaluation,
    snapshot,
    run: {
      id: runId,
      startedAt: started.toISOString(),
      finishedAt: new Date().toISOString(),
      mode: opts.snapshot ? 'snapshot' : 'live',
    },
    configFile: project.configFile,
    digests,
  });
  const report = redactValue(built, secretValues(io.env));
  const bundleDir = writeEvidence({
    outDir,
    report,
    snapshot,
    inputs: toInputsFile(project.inputs, evidence.baseline),
    formats,
    ...(evidence.signKey ? { signKey: evidence.signKey } : {}),
    env: io.env,
  });
  noteWritten(bundleDir);
  const shown = path.relative(io.cwd, bundleDir) || bundleDir;
  if (!opts.quiet) {
    io.out(
      renderTerminal(report, {
        color: io.color,
        bundleDir: shown,
        ...(opts.verbose ? { verbose: true } : {}),
      }),
    );
  } else {
    io.out(`gate ${report.gate.decision} · ${shown}\n`);
  }
  await publishToGithub(io, report, evidence.checkRun);
  return { report, bundleDir, exitCode: evaluation.gate.exitCode };
}
