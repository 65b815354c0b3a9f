// Reading a bundle back: its manifest, the digest of every listed file, and anything on disk the manifest
// does not list. Used by verify, diff, merge and --baseline; each names exactly which file is wrong.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Report } from '../report/model.js';
import type { Snapshot } from '../snapshot/snapshot.js';
import { ATTESTATION_FILE } from './attest.js';
import { type Manifest, sha256 } from './bundle.js';

export const MANIFEST_FILE = 'manifest.json';
const SAFE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
/** The suffix of a bundle folder still being written (src/evidence/bundle.ts renames it when complete). */
export const PARTIAL_SUFFIX = '.partial';

/** A bundle that cannot be read at all (no folder, no manifest): a usage problem, exit 2. */
export class UnreadableBundle extends Error {
  readonly code = 'unreadable-bundle';
}

export interface DigestCheck {
  dir: string;
  manifest: Manifest;
  manifestText: string;
  /** What was tampered with: one line per file. */
  problems: string[];
  /** Every file's bytes as listed (only those present). */
  files: Map<string, Buffer>;
}

const short = (hex: string) => `sha256:${hex}`;

export function checkDigests(dir: string): DigestCheck {
  let st: ReturnType<typeof statSync>;
  try {
    st = statSync(dir);
  } catch {
    throw new UnreadableBundle(`${dir}: no such bundle folder`);
  }
  if (!st.isDirectory()) throw new UnreadableBundle(`${dir}: not a folder`);
  if (path.basename(dir).endsWith(PARTIAL_SUFFIX)) {
    throw new UnreadableBundle(
      `${dir}: an incomplete bundle (the run that wrote it was stopped before it finished)`,
    );
  }
  let manifestText: string;
  try {
    manifestText = readFileSync(path.join(dir, MANIFEST_FILE), 'utf8');
  } catch {
    throw new UnreadableBundle(`${dir}: no ${MANIFEST_FILE}; not an evidence bundle`);
  }
  let manifest: Manifest;
  try {
    manifest = JSON.parse(manifestText) as Manifest;
  } catch {
    throw new UnreadableBundle(`${path.join(dir, MANIFEST_FILE)}: not valid JSON`);
  }
  if (manifest?.kind !== 'readiness-manifest' || !Array.isArray(manifest.files)) {
    throw new UnreadableBundle(`${path.join(dir, MANIFEST_FILE)}: not a readiness manifest`);
  }
  const problems: string[] = [];
  const files = new Map<string, Buffer>();
  const listed = new Set<string>();
  for (const entry of manifest.files) {
    const name = String(entry?.path ?? '');
    if (!SAFE_NAME.test(name) || name === MANIFEST_FILE || name === ATTESTATION_FILE) {
      problems.push(`${MANIFEST_FILE}: lists an unacceptable file name ${JSON.stringify(name)}`);
      continue;
    }
    listed.add(name);
    let data: Buffer;
    try {
      data = readFileSync(path.join(dir, name));
    } catch {
      problems.push(`${name}: listed in the manifest (${short(entry.sha256)}) but missing`);
      continue;
    }
    files.set(name, data);
    const actual = sha256(data);
    if (actual !== entry.sha256) {
      problems.push(
        `${name}: digest mismatch: manifest says ${short(entry.sha256)}, file has ${short(actual)}`,
      );
    }
  }
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === MANIFEST_FILE || entry.name === ATTESTATION_FILE || listed.has(entry.name)) continue;
    problems.push(`${entry.name}: ${entry.isDirectory() ? 'folder' : 'file'} not listed in the manifest`);
  }
  return { dir, manifest, manifestText, problems: problems.sort(), files };
}

export function parseJsonFile<T>(check: DigestCheck, name: string): T {
  const data = check.files.get(name);
  if (!data) throw new UnreadableBundle(`${path.join(check.dir, name)}: missing from the bundle`);
  try {
    return JSON.parse(data.toString('utf8')) as T;
  } catch {
    throw new UnreadableBundle(`${path.join(check.dir, name)}: not valid JSON`);
  }
}

export interface LoadedBundle {
  check: DigestCheck;
  report: Report;
  snapshot: Snapshot;
  inputs: unknown;
}

/** Reads a bundle whose digests must verify (diff, merge, baseline); throws UnreadableBundle otherwise. */
export function loadVerifiedBundle(dir: string, what = 'bundle'): LoadedBundle {
  const check = checkDigests(dir);
  if (check.problems.length) {
    throw new UnreadableBundle(`${what} ${dir} does not verify:\n  ${check.problems.join('\n  ')}`);
  }
  return {
    check,
    report: parseJsonFile<Report>(check, 'report.json'),
    snapshot: parseJsonFile<Snapshot>(check, 'snapshot.json'),
    inputs: check.files.has('inputs.json') ? parseJsonFile<unknown>(check, 'inputs.json') : undefined,
  };
}
