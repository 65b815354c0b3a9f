// The evidence bundle on disk. Files are rendered by pure reporters; this module alone writes them: into
// `<out>/<run-id>.partial/`, each file atomically, the manifest last, then the folder is renamed to
// `<out>/<run-id>/`. A run that dies part-way leaves only a `.partial` folder, never one that looks complete,
// and `verify`, `diff`, `merge` and `--baseline` refuse a `.partial` folder.
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { TOOL } from '../version.js';

/** A run id that is unique and sorts by time: 20261129T210501123Z-1a2b3c. */
export function newRunId(at: Date = new Date()): string {
  const stamp = at.toISOString().replace(/[-:.]/g, '');
  return `${stamp}-${randomBytes(3).toString('hex')}`;
}

const SAFE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

export function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

export interface Manifest {
  schemaVersion: 1;
  kind: 'readiness-manifest';
  tool: { name: string; version: string };
  runId: string;
  files: { path: string; sha256: string; bytes: number }[];
  inputs: Record<string, string>;
}

export function buildManifest(
  runId: string,
  files: Record<string, string | Uint8Array>,
  inputs: Record<string, string>,
): Manifest {
  return {
    schemaVersion: 1,
    kind: 'readiness-manifest',
    tool: TOOL,
    runId,
    files: Object.keys(files)
      .sort()
      .map((name) => {
        const data = files[name] as string | Uint8Array;
        return { path: name, sha256: sha256(data), bytes: Buffer.byteLength(data) };
      }),
    inputs,
  };
}

/** Writes one file atomically: a temporary sibling, then rename. */
export function writeFileAtomic(file: string, data: string | Uint8Array): void {
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  writeFileSync(tmp, data);
  renameSync(tmp, file);
}

/**
 * Writes a bundle and returns its folder. `files` maps bare file names to contents; the manifest of
 * their digests (and `extra` files computed from the manifest, such as a signature) is added.
 */
export function writeBundle(
  outDir: string,
  runId: string,
  files: Record<string, string | Uint8Array>,
  inputs: Record<string, string>,
  extra?: (manifestText: string, manifest: Manifest) => Record<string, string>,
): string {
  if (!SAFE_NAME.test(runId)) throw new Error(`unsafe run id: ${runId}`);
  for (const name of Object.keys(files))
    if (!SAFE_NAME.test(name)) throw new Error(`unsafe file name: ${name}`);
  const finalDir = path.resolve(outDir, runId);
  const partial = `${finalDir}.partial`;
  if (existsSync(finalDir)) throw new Error(`bundle folder already exists: ${finalDir}`);
  mkdirSync(partial, { recursive: true });
  try {
    for (const [name, data] of Object.entries(files)) writeFileAtomic(path.join(partial, name), data);
    const manifest = buildManifest(runId, files, inputs);
    const manifestText = `${JSON.stringify(manifest, null, 2)}\n`;
    writeFileAtomic(path.join(partial, 'manifest.json'), manifestText);
    for (const [name, data] of Object.entries(extra?.(manifestText, manifest) ?? {})) {
      writeFileAtomic(path.join(partial, name), data);
    }
    renameSync(partial, finalDir);
  } catch (err) {
    // A write that failed (disk full, permissions) leaves nothing behind; only a killed process leaves `.partial`.
    rmSync(partial, { recursive: true, force: true });
    throw err;
  }
  return finalDir;
}

export function removePartial(outDir: string, runId: string): void {
  rmSync(path.resolve(outDir, `${runId}.partial`), { recursive: true, force: true });
}
