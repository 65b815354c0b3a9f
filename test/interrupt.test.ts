// Interruption: SIGINT or SIGTERM while collection is in progress (the status page never answers) ends the
// run at once with 130 / 143 and one line on stderr, leaves nothing that looks like a bundle or a snapshot,
// and the next run works. A `.partial` folder — what a killed writer leaves — is never taken for a bundle.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readdirSync, renameSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BIN, runCli } from './helpers/cli.js';
import {
  CREDENTIALS,
  endpointsOf,
  entriesIn,
  liveProject,
  type StandIns,
  startStandIns,
  verifyExit,
} from './helpers/live.js';
import type { TempProject } from './helpers/project.js';

let stand: StandIns | undefined;
let project: TempProject | undefined;
afterEach(async () => {
  await stand?.close();
  project?.cleanup();
  stand = undefined;
  project = undefined;
});

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
}

function start(args: string[], cwd: string): { child: ChildProcess; exited: Promise<Exit> } {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...CREDENTIALS },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (d) => {
    stderr += d;
  });
  child.stdout?.resume();
  const exited = new Promise<Exit>((resolve) => {
    child.on('close', (code, signal) => resolve({ code, signal, stderr }));
  });
  return { child, exited };
}

async function until(what: string, ok: () => boolean, ms = 60_000): Promise<void> {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A project whose status page hangs; the run's own deadline (60 s) is far beyond the test's patience. */
async function hangingProject(): Promise<{ s: StandIns; p: TempProject }> {
  stand = await startStandIns({ status: 'hang' });
  project = liveProject(endpointsOf(stand), { timeoutMs: 60_000 });
  return { s: stand, p: project };
}

describe('interruption', () => {
  for (const [signal, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const) {
    it(`${signal} during collection: exit ${code}, one line, no bundle; the next run works`, async () => {
      const { s, p } = await hangingProject();
      const { child, exited } = start(['check', '--out', 'out'], p.dir);
      await until('the status page request', () => s.status.requests.length > 0);
      const sent = Date.now();
      child.kill(signal);
      const r = await exited;
      expect(Date.now() - sent).toBeLessThan(5_000);
      expect([r.code, r.signal]).toEqual([code, null]);
      expect(r.stderr.trim().split('\n').at(-1)).toBe(
        `readiness: interrupted by ${signal} before writing any evidence bundle or snapshot`,
      );
      expect(entriesIn(p.dir, 'out')).toEqual([]);

      s.status.setScenario('operational');
      const again = await runCli(['check', '--out', 'out', '-q'], { cwd: p.dir, env: CREDENTIALS });
      expect(again.code, again.stderr).toBe(0);
      const entries = entriesIn(p.dir, 'out');
      expect(entries).toHaveLength(1);
      expect(entries[0]).not.toMatch(/\.partial$/);
      expect((await verifyExit(p.dir, path.join('out', entries[0] as string))).code).toBe(0);
    });
  }

  it('collect --out: an interrupted run writes no snapshot and no temporary file', async () => {
    const { s, p } = await hangingProject();
    const { child, exited } = start(['collect', '--out', 'snap.json'], p.dir);
    await until('the status page request', () => s.status.requests.length > 0);
    child.kill('SIGTERM');
    const r = await exited;
    expect(r.code).toBe(143);
    expect(readdirSync(p.dir).filter((f) => f.includes('snap'))).toEqual([]);
  });

  it('SIGKILL, which no process can handle, still leaves no bundle: nothing is written while collecting', async () => {
    const { s, p } = await hangingProject();
    const { child, exited } = start(['check', '--out', 'out'], p.dir);
    await until('the status page request', () => s.status.requests.length > 0);
    child.kill('SIGKILL');
    expect((await exited).signal).toBe('SIGKILL');
    expect(existsSync(path.join(p.dir, 'out'))).toBe(false);
  });

  it('a `.partial` folder is refused as a bundle by verify, diff, merge and --baseline (exit 2)', async () => {
    stand = await startStandIns();
    project = liveProject(endpointsOf(stand));
    const p = project;
    const first = await runCli(['check', '--out', 'out', '-q'], { cwd: p.dir, env: CREDENTIALS });
    expect(first.code).toBe(0);
    const [id] = entriesIn(p.dir, 'out') as [string];
    const good = path.join('out', id);
    // What a writer killed after its last file but before the rename leaves: complete content, wrong name.
    const partial = path.join('out', `${id}.partial`);
    await runCli(['check', '--out', 'out', '-q'], { cwd: p.dir, env: CREDENTIALS });
    const [, second] = entriesIn(p.dir, 'out') as [string, string];
    renameSync(path.join(p.dir, 'out', second), path.join(p.dir, partial));
    for (const args of [
      ['verify', partial],
      ['diff', good, partial],
      ['merge', partial, '--out', 'merged'],
      ['check', '--out', 'again', '--baseline', partial],
    ]) {
      const r = await runCli(args, { cwd: p.dir, env: CREDENTIALS });
      expect([args[0], r.code]).toEqual([args[0], 2]);
      expect(r.stderr).toContain('an incomplete bundle');
    }
    expect(existsSync(path.join(p.dir, 'merged'))).toBe(false);
    expect(existsSync(path.join(p.dir, 'again'))).toBe(false);
  });
});
