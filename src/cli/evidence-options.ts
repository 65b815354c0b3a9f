// The evidence flags of `check`/`evaluate` (--sign-key, --baseline, --github-check-run) read up front, so a
// bad key, an unreadable or altered baseline, or a missing GitHub setting is exit 2 before anything is
// collected. Also the shared readers for key files and bundles that turn problems into exit 2.
import type { KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { KeyError, privateKeyFromPem, publicKeyFromPem } from '../evidence/attest.js';
import { baselineOf } from '../evidence/baseline.js';
import type { Baseline } from '../evidence/inputs-file.js';
import { loadVerifiedBundle, UnreadableBundle } from '../evidence/read.js';
import { type CheckRunTarget, checkRunTarget } from './github.js';
import { CliExit, EXIT, type Io } from './io.js';

/** Reads an Ed25519 key file; any problem is a usage error (exit 2). */
export function readKeyFile(io: Io, file: string, kind: 'private' | 'public', flag: string): KeyObject {
  let pem: string;
  try {
    pem = readFileSync(path.resolve(io.cwd, file), 'utf8');
  } catch (err) {
    throw new CliExit(
      EXIT.invalid,
      `${flag}: cannot read ${file} (${(err as NodeJS.ErrnoException).code ?? err})`,
    );
  }
  try {
    return kind === 'private' ? privateKeyFromPem(pem) : publicKeyFromPem(pem);
  } catch (err) {
    if (err instanceof KeyError) throw new CliExit(EXIT.invalid, `${flag}: ${file}: ${err.message}`);
    throw err;
  }
}

/** Runs a bundle reader, turning an unreadable bundle into exit 2 with its message. */
export function readOrExit<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof UnreadableBundle) throw new CliExit(EXIT.invalid, err.message);
    throw err;
  }
}

export interface EvidenceFlags {
  signKey?: string;
  baseline?: string;
  githubCheckRun?: boolean;
}

export interface EvidenceOptions {
  signKey?: KeyObject;
  baseline?: Baseline;
  checkRun?: CheckRunTarget;
}

export function evidenceOptions(io: Io, flags: EvidenceFlags): EvidenceOptions {
  const out: EvidenceOptions = {};
  if (flags.signKey) out.signKey = readKeyFile(io, flags.signKey, 'private', '--sign-key');
  if (flags.baseline) {
    const dir = path.resolve(io.cwd, flags.baseline);
    try {
      out.baseline = baselineOf(loadVerifiedBundle(dir, 'bundle').report);
    } catch (err) {
      if (err instanceof UnreadableBundle) throw new CliExit(EXIT.invalid, `--baseline: ${err.message}`);
      throw err;
    }
  }
  if (flags.githubCheckRun) out.checkRun = checkRunTarget(io.env);
  return out;
}
