// `readiness verify DIR`: is this bundle what the tool wrote, and does its verdict follow from its own
// evidence? Digests (and nothing unlisted), the signature, the published schemas, then a re-evaluation of
// the snapshot with the bundle's inputs, compared finding by finding. Every problem names the file or the
// finding; tampering or a verdict that does not reproduce is exit 1, an unreadable bundle exit 2.

import type { KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Finding } from '../model/types.js';
import { summarize } from '../report/build.js';
import type { Report } from '../report/model.js';
import type { Snapshot } from '../snapshot/snapshot.js';
import { createAjv } from '../util/ajv.js';
import { compareStrings } from '../util/compare.js';
import { ATTESTATION_FILE, keyId, openEnvelope } from './attest.js';
import { judge } from './baseline.js';
import { sha256 } from './bundle.js';
import { fromInputsFile, INPUTS_FILE } from './inputs-file.js';
import { checkDigests, MANIFEST_FILE } from './read.js';

export type StepStatus = 'ok' | 'failed' | 'unsigned' | 'skipped';

export interface VerifyStep {
  name: 'digests' | 'signature' | 'schemas' | 'reproduced';
  status: StepStatus;
  detail: string;
  problems: string[];
}

export interface VerifyResult {
  dir: string;
  runId: string;
  steps: VerifyStep[];
  exitCode: 0 | 1;
}

const SCHEMA_DIR = new URL('../../policies/schema/', import.meta.url);
let schemaAjv: ReturnType<typeof createAjv> | undefined;
function publishedValidator(name: string) {
  schemaAjv ??= createAjv();
  const schema = JSON.parse(readFileSync(new URL(name, SCHEMA_DIR), 'utf8')) as { $id?: string };
  return (schema.$id && schemaAjv.getSchema(schema.$id)) || schemaAjv.compile(schema);
}

function schemaProblems(file: string, schema: string, value: unknown): string[] {
  const validate = publishedValidator(schema);
  if (validate(structuredClone(value))) return [];
  return (validate.errors ?? [])
    .slice(0, 5)
    .map((e) => `${file}${e.instancePath || ''}: ${e.message} (${schema})`);
}

/** Key-order independent JSON, so a finding read from report.json compares with one just computed. */
export function canonical(value: unknown): string {
  return JSON.stringify(value, (_k, v) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => compareStrings(a, b)))
      : v,
  );
}

const FIELDS = [
  'status',
  'blocking',
  'severity',
  'messageId',
  'message',
  'evidence',
  'data',
  'resource',
  'waiver',
  'controls',
  'remediation',
] as const;

function describe(f: Finding): string {
  return `${f.id} (${f.policyId} on ${f.target}, ${f.resource.type} ${f.resource.id})`;
}

export function compareFindings(reported: Finding[], recomputed: Finding[]): string[] {
  const out: string[] = [];
  const mine = new Map(recomputed.map((f) => [f.id, f]));
  const theirs = new Map(reported.map((f) => [f.id, f]));
  for (const f of reported) {
    const g = mine.get(f.id);
    if (!g) {
      out.push(`finding ${describe(f)}: in report.json (${f.status}) but not produced by re-evaluation`);
      continue;
    }
    if (canonical(f) === canonical(g)) continue;
    const diffs = FIELDS.filter((k) => canonical(f[k] ?? null) !== canonical(g[k] ?? null)).map((k) =>
      k === 'evidence' || k === 'data' || k === 'resource' || k === 'waiver'
        ? `${k} differs`
        : `${k}: report says ${JSON.stringify(f[k])}, re-evaluation gives ${JSON.stringify(g[k])}`,
    );
    out.push(`finding ${describe(f)}: ${diffs.join('; ') || 'differs'}`);
  }
  for (const g of recomputed) {
    if (!theirs.has(g.id))
      out.push(
        `finding ${describe(g)}: produced by re-evaluation (${g.status}) but missing from report.json`,
      );
  }
  return out;
}

export function verifyBundle(dir: string, opts: { publicKey?: KeyObject } = {}): VerifyResult {
  const check = checkDigests(dir);
  const steps: VerifyStep[] = [];
  const listed = check.manifest.files.length;
  steps.push({
    name: 'digests',
    status: check.problems.length ? 'failed' : 'ok',
    detail: check.problems.length
      ? `${check.problems.length} problem(s) in ${listed} listed file(s)`
      : `${listed} file(s) match ${MANIFEST_FILE}; nothing unlisted`,
    problems: check.problems,
  });

  // Signature.
  let envelopeText: string | undefined;
  try {
    envelopeText = readFileSync(path.join(dir, ATTESTATION_FILE), 'utf8');
  } catch {
    envelopeText = undefined;
  }
  if (envelopeText === undefined) {
    steps.push(
      opts.publicKey
        ? {
            name: 'signature',
            status: 'failed',
            detail: `a public key was given but the bundle has no ${ATTESTATION_FILE}`,
            problems: [`${ATTESTATION_FILE}: missing`],
          }
        : {
            name: 'signature',
            status: 'unsigned',
            detail: `unsigned: the bundle has no ${ATTESTATION_FILE}`,
            problems: [],
          },
    );
  } else {
    const problems: string[] = [];
    let envelope: unknown;
    try {
      envelope = JSON.parse(envelopeText);
    } catch {
      problems.push(`${ATTESTATION_FILE}: not valid JSON`);
    }
    const opened = envelope === undefined ? undefined : openEnvelope(envelope, opts.publicKey);
    if (opened?.problem) problems.push(`${ATTESTATION_FILE}: ${opened.problem}`);
    if (opened?.statement) {
      const actual = new Map<string, string>([[MANIFEST_FILE, sha256(check.manifestText)]]);
      for (const [name, data] of check.files) actual.set(name, sha256(data));
      const subjects = new Map(opened.statement.subject.map((s) => [s.name, s.digest?.sha256]));
      for (const [name, digest] of actual) {
        const signedDigest = subjects.get(name);
        if (signedDigest === undefined) problems.push(`${name}: not covered by the signed statement`);
        else if (signedDigest !== digest)
          problems.push(`${name}: signed digest sha256:${signedDigest}, file has sha256:${digest}`);
      }
      for (const name of subjects.keys())
        if (!actual.has(name)) problems.push(`${name}: signed but missing from the bundle`);
    }
    steps.push({
      name: 'signature',
      status: problems.length ? 'failed' : opts.publicKey ? 'ok' : 'skipped',
      detail: problems.length
        ? 'the attestation does not vouch for these files'
        : opts.publicKey
          ? `signed by key ${keyId(opts.publicKey)}; the statement covers every file`
          : `${ATTESTATION_FILE} is present and covers every file, but its signature was not checked (give --public-key)`,
      problems,
    });
  }

  // Schemas, then re-evaluation. Unparseable JSON is reported against the file rather than thrown.
  const json = <T>(name: string): { value?: T; problem?: string } => {
    const data = check.files.get(name);
    if (!data) return { problem: `${name}: missing from the bundle` };
    try {
      return { value: JSON.parse(data.toString('utf8')) as T };
    } catch {
      return { problem: `${name}: not valid JSON` };
    }
  };
  const report = json<Report>('report.json');
  const snapshot = json<Snapshot>('snapshot.json');
  const inputs = json<unknown>(INPUTS_FILE);
  const schemaIssues = [report.problem, snapshot.problem, inputs.problem].filter((p): p is string => !!p);
  if (report.value) schemaIssues.push(...schemaProblems('report.json', 'report.schema.json', report.value));
  if (snapshot.value)
    schemaIssues.push(...schemaProblems('snapshot.json', 'snapshot.schema.json', snapshot.value));
  if (report.value?.run && report.value.run.id !== check.manifest.runId) {
    schemaIssues.push(
      `report.json: run id ${report.value.run.id} does not match the manifest's ${check.manifest.runId}`,
    );
  }
  const rebuilt = inputs.value === undefined ? undefined : fromInputsFile(inputs.value);
  if (rebuilt?.problems.length && !rebuilt.inputs) schemaIssues.push(...rebuilt.problems);
  steps.push({
    name: 'schemas',
    status: schemaIssues.length ? 'failed' : 'ok',
    detail: schemaIssues.length
      ? 'files do not match their schemas'
      : 'report.json, snapshot.json and inputs.json match their schemas',
    problems: schemaIssues,
  });

  if (report.value && snapshot.value && rebuilt?.inputs && !schemaIssues.length) {
    let evaluation: ReturnType<typeof judge> | undefined;
    const problems: string[] = [];
    try {
      evaluation = judge(rebuilt.inputs, snapshot.value, rebuilt.baseline);
    } catch (err) {
      problems.push(`re-evaluation failed: ${err instanceof Error ? err.message : String(err)}`);
    }
    if (evaluation) problems.push(...compareFindings(report.value.findings, evaluation.findings));
    if (evaluation) {
      const counted = summarize(evaluation.findings);
      for (const [status, n] of Object.entries(counted) as [keyof typeof counted, number][]) {
        const said = report.value.summary?.[status];
        if (said !== n) problems.push(`summary.${status}: report says ${said}, re-evaluation gives ${n}`);
      }
    }
    const gate = report.value.gate;
    if (
      evaluation &&
      (gate.decision !== evaluation.gate.decision || gate.exitCode !== evaluation.gate.exitCode)
    ) {
      problems.push(
        `gate: report says ${gate.decision} (exit ${gate.exitCode}), re-evaluation gives ${evaluation.gate.decision} (exit ${evaluation.gate.exitCode})`,
      );
    }
    steps.push({
      name: 'reproduced',
      status: problems.length ? 'failed' : 'ok',
      detail: problems.length
        ? 'the findings do not follow from the snapshot'
        : `${evaluation?.findings.length} finding(s) and the gate (${evaluation?.gate.decision}) reproduced from snapshot.json`,
      problems,
    });
  } else {
    steps.push({
      name: 'reproduced',
      status: 'failed',
      detail: 'could not re-evaluate: see the problems above',
      problems: [],
    });
  }
  const failed = steps.some((s) => s.status === 'failed');
  return { dir, runId: check.manifest.runId, steps, exitCode: failed ? 1 : 0 };
}
