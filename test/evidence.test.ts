// Signed bundles and `readiness verify`, end to end through the CLI: a DSSE envelope over an in-toto
// statement that an independent check accepts, and every kind of tampering named exactly with exit 1.
import { createHash, verify as cryptoVerify, generateKeyPairSync } from 'node:crypto';
import { cpSync, existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pae } from '../src/evidence/attest.js';
import { rdsInstance, snapshotOf, targetSnapshot } from '../src/kit/builders.js';
import type { Report } from '../src/report/model.js';
import type { Snapshot } from '../src/snapshot/snapshot.js';
import { checkInto, evidenceProject } from './helpers/bundles.js';
import { runCli } from './helpers/cli.js';
import type { TempProject } from './helpers/project.js';

const sha = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

const snap = snapshotOf([
  targetSnapshot('acme-prod', {
    'aws.rds.instances': [
      rdsInstance({ id: 'orders-db', backupRetentionDays: 1 }),
      rdsInstance({ id: 'reports-db', backupRetentionDays: 35 }),
    ],
    'aws.rds.clusters': [],
  }),
]);

let p: TempProject;
let signed: string;
let unsigned: string;
const keys = generateKeyPairSync('ed25519');
const other = generateKeyPairSync('ed25519');

beforeAll(async () => {
  p = evidenceProject(
    { 'snap.json': snap },
    {
      'keys/sign.pem': keys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      'keys/sign.pub': keys.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
      'keys/other.pub': other.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    },
  );
  const s = await checkInto(p, 'snap.json', 'signed', ['--sign-key', 'keys/sign.pem']);
  expect(s.code).toBe(1);
  signed = s.bundle;
  unsigned = (await checkInto(p, 'snap.json', 'unsigned')).bundle;
});
afterAll(() => p?.cleanup());

/** A copy of a bundle to tamper with. */
function copy(from: string, name: string): string {
  const to = path.join(p.dir, 'tampered', name);
  cpSync(from, to, { recursive: true });
  return to;
}

function rewriteManifest(dir: string): void {
  const file = path.join(dir, 'manifest.json');
  const m = JSON.parse(readFileSync(file, 'utf8'));
  for (const f of m.files)
    if (existsSync(path.join(dir, f.path))) f.sha256 = sha(readFileSync(path.join(dir, f.path)));
  writeFileSync(file, `${JSON.stringify(m, null, 2)}\n`);
}

function editJson<T>(dir: string, name: string, edit: (v: T) => void): void {
  const file = path.join(dir, name);
  const v = JSON.parse(readFileSync(file, 'utf8')) as T;
  edit(v);
  writeFileSync(file, `${JSON.stringify(v, null, 2)}\n`);
}

const verify = (dir: string, ...args: string[]) =>
  runCli(['verify', path.relative(p.dir, dir), ...args], { cwd: p.dir });

describe('signing', () => {
  it('PAE is the DSSE v1 encoding (the spec example)', () => {
    expect(pae('http://example.com/HelloWorld', Buffer.from('hello world')).toString()).toBe(
      'DSSEv1 29 http://example.com/HelloWorld 11 hello world',
    );
  });

  it('writes a DSSE envelope over an in-toto Statement v1 naming every file, verifiable independently', () => {
    const env = JSON.parse(readFileSync(path.join(signed, 'attestation.dsse.json'), 'utf8'));
    expect(env.payloadType).toBe('application/vnd.in-toto+json');
    const payload = Buffer.from(env.payload, 'base64');
    const statement = JSON.parse(payload.toString());
    expect(statement._type).toBe('https://in-toto.io/Statement/v1');
    expect(statement.predicateType).toBe('https://readiness.dev/attestation/v1');
    expect(statement.predicate.gate).toEqual({ decision: 'blocked', exitCode: 1 });
    const files = readdirSync(signed)
      .filter((f) => f !== 'attestation.dsse.json')
      .sort();
    expect(statement.subject.map((s: { name: string }) => s.name)).toEqual(files);
    for (const s of statement.subject)
      expect(s.digest.sha256).toBe(sha(readFileSync(path.join(signed, s.name))));
    // Independently of the tool: Ed25519 over "DSSEv1 <len> <type> <len> <payload>".
    const type = Buffer.from(env.payloadType);
    const message = Buffer.concat([
      Buffer.from(`DSSEv1 ${type.length} `),
      type,
      Buffer.from(` ${payload.length} `),
      payload,
    ]);
    expect(env.signatures).toHaveLength(1);
    expect(cryptoVerify(null, message, keys.publicKey, Buffer.from(env.signatures[0].sig, 'base64'))).toBe(
      true,
    );
    const spki = keys.publicKey.export({ type: 'spki', format: 'der' });
    expect(env.signatures[0].keyid).toBe(sha(spki));
    // The private key never lands in the bundle.
    const pem = readFileSync(path.join(p.dir, 'keys/sign.pem'), 'utf8').split('\n')[1] as string;
    for (const f of readdirSync(signed))
      expect(readFileSync(path.join(signed, f), 'utf8')).not.toContain(pem);
  });

  it('a bad signing key is a usage error before anything runs', async () => {
    const r = await runCli(
      ['check', '--snapshot', 'snap.json', '--sign-key', 'keys/sign.pub', '--out', 'bad'],
      {
        cwd: p.dir,
      },
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--sign-key');
  });
});

describe('readiness verify', () => {
  it('exit 0 for an untouched signed bundle with its public key: every step passes', async () => {
    const r = await verify(signed, '--public-key', 'keys/sign.pub');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/✓ digests +7 file\(s\) match manifest.json; nothing unlisted/);
    expect(r.stdout).toMatch(/✓ signature +signed by key [0-9a-f]{64}/);
    expect(r.stdout).toMatch(/✓ schemas/);
    expect(r.stdout).toMatch(/✓ reproduced +2 finding\(s\) and the gate \(blocked\) reproduced/);
    expect(r.stdout).toContain('VERIFIED');
  });

  it('says clearly when a bundle is unsigned, or when a signature was not checked', async () => {
    const u = await verify(unsigned);
    expect(u.code).toBe(0);
    expect(u.stdout).toContain('unsigned: the bundle has no attestation.dsse.json');
    const s = await verify(signed);
    expect(s.code).toBe(0);
    expect(s.stdout).toContain('its signature was not checked (give --public-key)');
  });

  it('exit 1 when a key is given but the bundle is unsigned, or signed by another key', async () => {
    const u = await verify(unsigned, '--public-key', 'keys/sign.pub');
    expect(u.code).toBe(1);
    expect(u.stdout).toContain('a public key was given but the bundle has no attestation.dsse.json');
    const o = await verify(signed, '--public-key', 'keys/other.pub');
    expect(o.code).toBe(1);
    expect(o.stdout).toContain('no signature verifies with the given public key');
  });

  it('a finding flipped to pass in report.json: names the file, both digests, and the finding', async () => {
    const dir = copy(signed, 'flipped');
    const before = sha(readFileSync(path.join(dir, 'report.json')));
    editJson<Report>(dir, 'report.json', (r) => {
      const f = r.findings.find((x) => x.status === 'fail')!;
      f.status = 'pass';
      f.blocking = false;
    });
    const after = sha(readFileSync(path.join(dir, 'report.json')));
    const r = await verify(dir, '--public-key', 'keys/sign.pub');
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(
      `report.json: digest mismatch: manifest says sha256:${before}, file has sha256:${after}`,
    );
    expect(r.stdout).toContain(`report.json: signed digest sha256:${before}, file has sha256:${after}`);
    expect(r.stdout).toMatch(
      /finding [0-9a-f]{16} \(backups.retention on acme-prod, aws.rds.db-instance orders-db\): status: report says "pass", re-evaluation gives "fail"/,
    );
    expect(r.stdout).toContain('NOT VERIFIED');
  });

  it('tampering that rewrites the manifest too is still caught by re-evaluating the snapshot', async () => {
    const dir = copy(unsigned, 'rewritten');
    editJson<Snapshot>(dir, 'snapshot.json', (s) => {
      s.targets[0]!.facts['aws.rds.instances']![0]!.backupRetentionDays = 35;
    });
    rewriteManifest(dir);
    const r = await verify(dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/✓ digests/);
    expect(r.stdout).toMatch(/orders-db\): status: report says "fail", re-evaluation gives "pass"/);
    expect(r.stdout).toMatch(/gate: report says blocked \(exit 1\), re-evaluation gives passed \(exit 0\)/);
  });

  it('a rewritten summary or run id is named even when the manifest is rewritten to match', async () => {
    const dir = copy(unsigned, 'summary');
    editJson<Report>(dir, 'report.json', (r) => {
      r.summary.fail = 0;
      r.summary.pass += 1;
      r.run.id = 'someone-elses-run';
    });
    rewriteManifest(dir);
    const r = await verify(dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("report.json: run id someone-elses-run does not match the manifest's");
  });

  it('a summary that no longer adds up is named by re-evaluation', async () => {
    const dir = copy(unsigned, 'summary2');
    editJson<Report>(dir, 'report.json', (r) => {
      r.summary.fail = 0;
    });
    rewriteManifest(dir);
    const r = await verify(dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/summary\.fail: report says 0, re-evaluation gives 1/);
  });

  it('an added file, a removed file and a report that breaks its schema are each named', async () => {
    const dir = copy(unsigned, 'shapes');
    writeFileSync(path.join(dir, 'notes.txt'), 'hello');
    rmSync(path.join(dir, 'junit.xml'));
    editJson<Report>(dir, 'report.json', (r) => {
      Reflect.deleteProperty(r, 'gate');
    });
    rewriteManifest(dir);
    const r = await verify(dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('notes.txt: file not listed in the manifest');
    expect(r.stdout).toMatch(/junit.xml: listed in the manifest \(sha256:[0-9a-f]{64}\) but missing/);
    expect(r.stdout).toContain("report.json: must have required property 'gate' (report.schema.json)");
  });

  it('exit 2 when the folder is not a bundle', async () => {
    const r = await verify(path.join(p.dir, 'policies'));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no manifest.json; not an evidence bundle');
    const missing = await verify(path.join(p.dir, 'nowhere'));
    expect(missing.code).toBe(2);
  });
});
