// The command line: commander wiring only; each command's work lives in its own module.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { Command, CommanderError, Option } from 'commander';
import { loadProject } from '../config/load.js';
import { TOOL } from '../version.js';
import { renderPermissions, runCollect } from './collect.js';
import { runDemo } from './demo.js';
import { registerEvidenceCommands } from './evidence.js';
import { explain, renderList } from './explain.js';
import { CliExit, EXIT, type Io } from './io.js';
import { loadOrExit, printProblems, runCheck } from './run.js';

const collectList = (value: string, prev: string[] = []) => [...prev, value];
const commaList = (value: string, prev: string[] = []) => [
  ...prev,
  ...value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean),
];
const positiveInt = (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw new CliExit(EXIT.invalid, `--concurrency: must be a whole number ≥ 1, got "${value}"`);
  return n;
};

export function buildProgram(io: Io, setExit: (code: number) => void): Command {
  const program = new Command('readiness')
    .description(
      'Operational-readiness compliance as code: check the estate against policies and gate the rollout.',
    )
    .version(TOOL.version)
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) })
    .showSuggestionAfterError(true);

  const common = (cmd: Command) =>
    cmd
      .option('-c, --config <file>', 'configuration file', 'readiness.yaml')
      .option('-t, --target <name>', 'only this target (repeatable)', collectList)
      .option('-o, --out <dir>', 'where bundles are written', 'reports')
      .option('-f, --format <list>', 'report formats, comma-separated (json always)', commaList)
      .option('-q, --quiet', 'print only the gate decision and the bundle path')
      .option('-v, --verbose', 'list passing findings too')
      .addOption(new Option('--concurrency <n>', 'bound on concurrent API calls').argParser(positiveInt));

  common(program.command('check'))
    .description('validate, plan, collect, evaluate, gate and write the evidence bundle')
    .option('--snapshot <file>', 'evaluate a saved snapshot instead of collecting')
    .option('--sign-key <file>', 'sign the bundle with this Ed25519 private key (PEM)')
    .option('--baseline <dir>', 'a previous bundle: only failures not already in it block the gate')
    .option(
      '--github-check-run',
      'create a GitHub check run with the result (GITHUB_REPOSITORY, GITHUB_SHA, GITHUB_TOKEN)',
    )
    .action(async (o) => {
      const r = await runCheck(io, { ...o, targets: o.target, formats: o.format });
      setExit(r.exitCode);
    });

  common(program.command('evaluate <snapshot>'))
    .description('evaluate a saved snapshot and write the evidence bundle')
    .action(async (snapshot: string, o) => {
      const r = await runCheck(io, { ...o, snapshot, targets: o.target, formats: o.format });
      setExit(r.exitCode);
    });

  program
    .command('collect')
    .description(
      'collect only: write a snapshot file (evaluate it later with `evaluate` or `check --snapshot`)',
    )
    .option('-c, --config <file>', 'configuration file', 'readiness.yaml')
    .option('-t, --target <name>', 'only this target (repeatable)', collectList)
    .option('-o, --out <file>', 'snapshot file to write (default snapshot-<time>.json)')
    .option('-q, --quiet', 'no progress')
    .addOption(new Option('--concurrency <n>', 'bound on concurrent API calls').argParser(positiveInt))
    .action(async (o) => {
      setExit(await runCollect(io, { ...o, targets: o.target, output: o.out, out: '' }));
    });

  program
    .command('permissions')
    .description(
      'the least-privilege IAM policy (JSON) and GitHub token permissions for the enabled policies',
    )
    .option('-c, --config <file>', 'configuration file', 'readiness.yaml')
    .option('-t, --target <name>', 'only this target (repeatable)', collectList)
    .addOption(
      new Option(
        '--format <kind>',
        'all: IAM policy and GitHub permissions; iam: the IAM policy document alone',
      )
        .choices(['all', 'iam'])
        .default('all'),
    )
    .action((o) => {
      io.out(renderPermissions(io, { ...o, targets: o.target }));
    });

  program
    .command('validate')
    .description('validate the configuration, policies and waivers; report every problem with file:line:col')
    .option('-c, --config <file>', 'configuration file', 'readiness.yaml')
    .action((o: { config: string }) => {
      const { project, problems } = loadProject(o.config, { env: io.env, cwd: io.cwd });
      if (!project) {
        printProblems(io, problems);
        setExit(EXIT.invalid);
        return;
      }
      const i = project.inputs;
      io.out(
        `${project.configFile}: ${i.targets.length} target(s), ${i.policies.length} policies, ${i.waivers.length} waiver(s) — valid\n`,
      );
      setExit(EXIT.passed);
    });

  program
    .command('list')
    .description('list the checks, and the policies of the configuration when there is one')
    .option('-c, --config <file>', 'configuration file', 'readiness.yaml')
    .action((o: { config: string }) => {
      const inputs = existsSync(path.resolve(io.cwd, o.config)) ? loadOrExit(io, o).inputs : undefined;
      io.out(renderList(inputs));
    });

  program
    .command('explain <id>')
    .description("one check's or policy's documentation, options and permissions")
    .option('-c, --config <file>', 'configuration file', 'readiness.yaml')
    .action((id: string, o: { config: string }) => {
      const inputs = existsSync(path.resolve(io.cwd, o.config)) ? loadOrExit(io, o).inputs : undefined;
      io.out(explain(id, inputs));
    });

  program
    .command('demo')
    .description('run the whole pipeline on the fictional demo estate (no cloud account needed)')
    .option('-o, --out <dir>', 'where the bundle is written', 'reports')
    .option('-q, --quiet', 'print only the gate decision and the bundle path')
    .action(async (o: { out: string; quiet?: boolean }) => {
      setExit(await runDemo(io, o));
    });

  registerEvidenceCommands(program, io, setExit);
  return program;
}

/** Runs the CLI and returns the exit code; never throws for user mistakes. */
export async function main(argv: string[], io: Io): Promise<number> {
  let code: number = EXIT.passed;
  const program = buildProgram(io, (c) => {
    code = c;
  });
  try {
    await program.parseAsync(argv, { from: 'user' });
    return code;
  } catch (err) {
    if (err instanceof CliExit) {
      if (err.message) io.err(`readiness: ${err.message}\n`);
      return err.exitCode;
    }
    if (err instanceof CommanderError) {
      if (
        err.code === 'commander.helpDisplayed' ||
        err.code === 'commander.version' ||
        err.code === 'commander.help'
      )
        return 0;
      return EXIT.invalid;
    }
    io.err(`readiness: internal error: ${err instanceof Error ? err.message : String(err)}\n`);
    if (io.env.READINESS_DEBUG && err instanceof Error) io.err(`${err.stack}\n`);
    return EXIT.invalid;
  }
}
