// The evidence commands: `verify DIR`, `diff OLD NEW` and `merge DIR... --out DIR`, registered on the
// program by registerEvidenceCommands. The work lives in src/evidence/; this module reads flags and files,
// prints, and maps outcomes to exit codes (verify: 0 good, 1 tampered or not reproduced, 2 unreadable).
import path from 'node:path';
import type { Command } from 'commander';
import { judge } from '../evidence/baseline.js';
import { newRunId } from '../evidence/bundle.js';
import { diffReports } from '../evidence/diff.js';
import { toInputsFile } from '../evidence/inputs-file.js';
import { mergeBundles } from '../evidence/merge.js';
import { type LoadedBundle, loadVerifiedBundle } from '../evidence/read.js';
import { sanitizeSnapshot } from '../evidence/redact.js';
import { type VerifyResult, verifyBundle } from '../evidence/verify.js';
import { writeEvidence } from '../evidence/write.js';
import { buildReport } from '../report/build.js';
import { renderDiffMarkdown, renderDiffText } from '../report/diff.js';
import { termSafe } from '../report/escape.js';
import { renderTerminal } from '../report/terminal.js';
import { readKeyFile, readOrExit } from './evidence-options.js';
import { type CheckRunTarget, checkRunTarget, publishToGithub } from './github.js';
import { CliExit, EXIT, type Io } from './io.js';
import { checkFormats, outputFolder } from './run.js';
import { noteWritten } from './signals.js';

const MARK = { ok: '✓', failed: '✗', unsigned: '-', skipped: '-' } as const;

export function renderVerify(r: VerifyResult, shown: string): string {
  const lines = [`verify ${shown} (run ${termSafe(r.runId)})`];
  for (const s of r.steps) {
    lines.push(`  ${MARK[s.status]} ${s.name.padEnd(11)} ${s.detail}`);
    for (const p of s.problems) lines.push(`      ${termSafe(p)}`);
  }
  lines.push(
    r.exitCode === 0
      ? 'VERIFIED'
      : 'NOT VERIFIED: the bundle was altered or its verdict does not follow from its evidence',
  );
  return `${lines.join('\n')}\n`;
}

export function registerEvidenceCommands(program: Command, io: Io, setExit: (code: number) => void): void {
  const rel = (p: string) => path.relative(io.cwd, p) || p;

  program
    .command('verify <dir>')
    .description("check a bundle's digests and signature, its schemas, and re-evaluate its snapshot")
    .option('--public-key <file>', 'Ed25519 public key (PEM) the bundle must be signed with')
    .action((dir: string, o: { publicKey?: string }) => {
      const publicKey = o.publicKey ? readKeyFile(io, o.publicKey, 'public', '--public-key') : undefined;
      const abs = path.resolve(io.cwd, dir);
      const result = readOrExit(() => verifyBundle(abs, publicKey ? { publicKey } : {}));
      io.out(renderVerify(result, rel(abs)));
      setExit(result.exitCode);
    });

  program
    .command('diff <old> <new>')
    .description('what changed between two bundles: new failures, resolved, still failing, changed evidence')
    .option('--format <format>', 'text, md or json', 'text')
    .action((oldDir: string, newDir: string, o: { format: string }) => {
      if (!['text', 'md', 'json'].includes(o.format))
        throw new CliExit(EXIT.invalid, `--format: must be text, md or json, got "${o.format}"`);
      const a = readOrExit(() => loadVerifiedBundle(path.resolve(io.cwd, oldDir), 'old bundle'));
      const b = readOrExit(() => loadVerifiedBundle(path.resolve(io.cwd, newDir), 'new bundle'));
      const d = diffReports(a.report, b.report);
      io.out(
        o.format === 'json'
          ? `${JSON.stringify(d, null, 2)}\n`
          : o.format === 'md'
            ? renderDiffMarkdown(d)
            : renderDiffText(d),
      );
      setExit(d.newFailures.length ? EXIT.failed : EXIT.passed);
    });

  program
    .command('merge <dirs...>')
    .description('combine the bundles of several shards (targets) into one report and one gate decision')
    .requiredOption('-o, --out <dir>', 'where the merged bundle is written')
    .option(
      '-f, --format <list>',
      'report formats, comma-separated (json always)',
      (v: string, prev: string[] = []) => [
        ...prev,
        ...v
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean),
      ],
    )
    .option('--sign-key <file>', 'sign the merged bundle with this Ed25519 private key (PEM)')
    .option('--public-key <file>', 'require every shard to be signed with this Ed25519 public key (PEM)')
    .option('--github-check-run', 'create a GitHub check run with the merged result')
    .option('-q, --quiet', 'print only the gate decision and the bundle path')
    .action(
      async (
        dirs: string[],
        o: {
          out: string;
          format?: string[];
          signKey?: string;
          publicKey?: string;
          githubCheckRun?: boolean;
          quiet?: boolean;
        },
      ) => {
        const formats = checkFormats(o.format);
        const outDir = outputFolder(io, '--out', o.out);
        const signKey = o.signKey ? readKeyFile(io, o.signKey, 'private', '--sign-key') : undefined;
        const publicKey = o.publicKey ? readKeyFile(io, o.publicKey, 'public', '--public-key') : undefined;
        const checkRun: CheckRunTarget | undefined = o.githubCheckRun ? checkRunTarget(io.env) : undefined;
        const bundles: LoadedBundle[] = [];
        for (const dir of dirs) {
          const abs = path.resolve(io.cwd, dir);
          const verified = readOrExit(() => verifyBundle(abs, publicKey ? { publicKey } : {}));
          const failed = verified.steps.filter((s) => s.status === 'failed');
          if (failed.length) {
            io.out(renderVerify(verified, rel(abs)));
            throw new CliExit(
              EXIT.invalid,
              `refusing to merge: ${rel(abs)} does not verify (${failed.map((s) => s.name).join(', ')})`,
            );
          }
          bundles.push(readOrExit(() => loadVerifiedBundle(abs, 'shard')));
        }
        const { merged, problems } = mergeBundles(bundles);
        if (!merged)
          throw new CliExit(EXIT.invalid, `refusing to merge:\n  ${problems.map(termSafe).join('\n  ')}`);
        const snapshot = sanitizeSnapshot(merged.snapshot, io.env);
        const evaluation = judge(merged.inputs, snapshot, merged.baseline);
        const now = new Date();
        const report = buildReport({
          inputs: merged.inputs,
          evaluation,
          snapshot,
          run: {
            id: newRunId(now),
            startedAt: merged.startedAt,
            finishedAt: now.toISOString(),
            mode: 'merged',
          },
          configFile: merged.configFile,
          digests: merged.digests,
        });
        const shardStatus = new Map(
          bundles.flatMap((b) => b.report.findings.map((f) => [f.id, f.status] as const)),
        );
        const changed = report.findings.filter((f) => shardStatus.get(f.id) !== f.status).length;
        if (changed)
          io.err(
            `note: ${changed} finding(s) judged differently at the merged time ${report.run.collectedAt} than in their shard\n`,
          );
        const bundleDir = writeEvidence({
          outDir,
          report,
          snapshot,
          inputs: toInputsFile(merged.inputs, merged.baseline),
          formats,
          ...(signKey ? { signKey } : {}),
          env: io.env,
        });
        noteWritten(bundleDir);
        const shown = rel(bundleDir);
        io.out(
          o.quiet
            ? `gate ${report.gate.decision} · ${shown}\n`
            : `merged ${bundles.length} bundle(s)\n${renderTerminal(report, { color: io.color, bundleDir: shown })}`,
        );
        await publishToGithub(io, report, checkRun);
        setExit(report.gate.exitCode);
      },
    );
}
