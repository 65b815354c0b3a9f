// Test helpers: a throwaway project folder with a config, policies and waivers, and a captured Io.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Io } from '../../src/cli/io.js';

export interface TempProject {
  dir: string;
  write(rel: string, text: string): string;
  cleanup(): void;
}

export function tempProject(files: Record<string, string> = {}): TempProject {
  const dir = mkdtempSync(path.join(tmpdir(), 'readiness-test-'));
  const write = (rel: string, text: string) => {
    const abs = path.join(dir, rel);
    mkdirSync(path.dirname(abs), { recursive: true });
    writeFileSync(abs, text);
    return abs;
  };
  for (const [rel, text] of Object.entries(files)) write(rel, text);
  return { dir, write, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface CapturedIo extends Io {
  stdout: string[];
  stderr: string[];
}

export function captureIo(cwd: string, env: NodeJS.ProcessEnv = {}): CapturedIo {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return {
    stdout,
    stderr,
    out: (t) => stdout.push(t),
    err: (t) => stderr.push(t),
    env,
    cwd,
    color: false,
    interactive: false,
  };
}

export const BASE_CONFIG = `targets:
  - name: acme-prod
    stage: production-enterprise
    residency: uk
    orderForm: { rpoMinutes: 60, rtoMinutes: 240, backupRetentionDays: 35, restoreTestMaxAgeDays: 30 }
    aws:
      regions: [eu-west-2]
      accounts: [{ id: "111111111111" }]
  - name: acme-beta
    stage: private-beta
    aws: { regions: [eu-west-2] }
policies: [policies]
`;

export const RETENTION_POLICY = `id: backups.retention
title: Backups kept long enough
controls: [SL-BACKUPS]
stages: [production-enterprise]
check: aws.rds.backup-retention
options:
  minRetentionDays: \${target.orderForm.backupRetentionDays}
`;
