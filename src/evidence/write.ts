// Assembling a bundle's files from a judged run — the report in the chosen formats, the snapshot, the
// inputs needed to re-judge it — and writing them through writeBundle, signed when a key is given.
// Shared by `check`/`evaluate` and `merge`, so both produce bundles that `verify` accepts.
import type { KeyObject } from 'node:crypto';
import { FORMATS } from '../report/formats.js';
import type { Report } from '../report/model.js';
import type { Snapshot } from '../snapshot/snapshot.js';
import { ATTESTATION_FILE, renderEnvelope, signStatement, statementFor } from './attest.js';
import { sha256, writeBundle } from './bundle.js';
import { INPUTS_FILE, type InputsFile, renderInputs } from './inputs-file.js';
import { redactText, redactValue, secretValues } from './redact.js';

export interface EvidenceArgs {
  outDir: string;
  report: Report;
  /** Already sanitized (sanitizeSnapshot) and the very snapshot the report was judged on. */
  snapshot: Snapshot;
  inputs: InputsFile;
  formats: readonly string[];
  signKey?: KeyObject;
  env: NodeJS.ProcessEnv;
}

export function writeEvidence(args: EvidenceArgs): string {
  const secrets = secretValues(args.env);
  const files: Record<string, string> = {
    'snapshot.json': `${JSON.stringify(args.snapshot, null, 2)}\n`,
    [INPUTS_FILE]: renderInputs(redactValue(args.inputs, secrets)),
  };
  for (const name of args.formats) {
    const fmt = FORMATS[name];
    if (fmt) files[fmt.file] = fmt.render(args.report);
  }
  for (const [name, text] of Object.entries(files)) files[name] = redactText(text, secrets);
  const { report, signKey } = args;
  const extra = signKey
    ? (manifestText: string, manifest: Parameters<typeof statementFor>[0]) => {
        const statement = statementFor(manifest, sha256(manifestText), {
          gate: { decision: report.gate.decision, exitCode: report.gate.exitCode },
          collectedAt: report.run.collectedAt,
          targets: report.targets.map((t) => t.name),
        });
        return { [ATTESTATION_FILE]: renderEnvelope(signStatement(statement, signKey)) };
      }
    : undefined;
  return writeBundle(args.outDir, report.run.id, files, report.inputs.digests, extra);
}
