// Signing a bundle: an in-toto Statement v1 whose subjects are every file of the bundle (the manifest
// included), wrapped in a DSSE envelope signed with Ed25519 (node:crypto). The signature covers the
// DSSE pre-authentication encoding, PAE(type, body) = "DSSEv1" SP LEN(type) SP type SP LEN(body) SP body,
// where LEN is the byte length in ASCII decimal — never the bare payload.

import { createHash, createPrivateKey, createPublicKey, type KeyObject, sign, verify } from 'node:crypto';
import { compareStrings } from '../util/compare.js';
import type { Manifest } from './bundle.js';

export const ATTESTATION_FILE = 'attestation.dsse.json';
export const PAYLOAD_TYPE = 'application/vnd.in-toto+json';
export const STATEMENT_TYPE = 'https://in-toto.io/Statement/v1';
export const PREDICATE_TYPE = 'https://readiness.dev/attestation/v1';

export interface Subject {
  name: string;
  digest: { sha256: string };
}

export interface Statement {
  _type: typeof STATEMENT_TYPE;
  subject: Subject[];
  predicateType: string;
  predicate: {
    runId: string;
    tool: { name: string; version: string };
    gate: { decision: string; exitCode: number };
    collectedAt: string;
    targets: string[];
  };
}

export interface Envelope {
  payloadType: string;
  payload: string;
  signatures: { keyid: string; sig: string }[];
}

export class KeyError extends Error {
  readonly code = 'bad-key';
}

export function pae(payloadType: string, payload: Buffer): Buffer {
  const type = Buffer.from(payloadType, 'utf8');
  return Buffer.concat([
    Buffer.from(`DSSEv1 ${type.length} `, 'utf8'),
    type,
    Buffer.from(` ${payload.length} `, 'utf8'),
    payload,
  ]);
}

/** Key id: the SHA-256 of the public key's DER (SubjectPublicKeyInfo), hex. */
export function keyId(key: KeyObject): string {
  const pub = key.type === 'private' ? createPublicKey(key) : key;
  return createHash('sha256')
    .update(pub.export({ type: 'spki', format: 'der' }))
    .digest('hex');
}

export function privateKeyFromPem(pem: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPrivateKey(pem);
  } catch (err) {
    throw new KeyError(`not a PEM private key (${err instanceof Error ? err.message : String(err)})`);
  }
  if (key.asymmetricKeyType !== 'ed25519')
    throw new KeyError(`must be an Ed25519 key, got ${key.asymmetricKeyType}`);
  return key;
}

/** A public key PEM (or a private one, whose public half is used). */
export function publicKeyFromPem(pem: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPublicKey(pem);
  } catch (err) {
    throw new KeyError(`not a PEM public key (${err instanceof Error ? err.message : String(err)})`);
  }
  if (key.asymmetricKeyType !== 'ed25519')
    throw new KeyError(`must be an Ed25519 key, got ${key.asymmetricKeyType}`);
  return key;
}

export function statementFor(
  manifest: Manifest,
  manifestDigest: string,
  predicate: Omit<Statement['predicate'], 'runId' | 'tool'>,
): Statement {
  const subject = [
    ...manifest.files.map((f) => ({ name: f.path, digest: { sha256: f.sha256 } })),
    { name: 'manifest.json', digest: { sha256: manifestDigest } },
  ].sort((a, b) => compareStrings(a.name, b.name));
  return {
    _type: STATEMENT_TYPE,
    subject,
    predicateType: PREDICATE_TYPE,
    predicate: { runId: manifest.runId, tool: manifest.tool, ...predicate },
  };
}

export function signStatement(statement: Statement, key: KeyObject): Envelope {
  const payload = Buffer.from(JSON.stringify(statement), 'utf8');
  const sig = sign(null, pae(PAYLOAD_TYPE, payload), key);
  return {
    payloadType: PAYLOAD_TYPE,
    payload: payload.toString('base64'),
    signatures: [{ keyid: keyId(key), sig: sig.toString('base64') }],
  };
}

export function renderEnvelope(envelope: Envelope): string {
  return `${JSON.stringify(envelope, null, 2)}\n`;
}

/** Checks the envelope's shape and signature; returns the statement it vouches for, or why not. */
export function openEnvelope(
  value: unknown,
  key: KeyObject | undefined,
): { statement?: Statement; signed: boolean; problem?: string } {
  const env = value as Partial<Envelope> | null;
  if (!env || typeof env !== 'object' || typeof env.payload !== 'string' || !Array.isArray(env.signatures)) {
    return { signed: false, problem: 'not a DSSE envelope (payloadType, payload, signatures)' };
  }
  if (env.payloadType !== PAYLOAD_TYPE) {
    return {
      signed: false,
      problem: `payloadType is ${JSON.stringify(env.payloadType)}, expected ${PAYLOAD_TYPE}`,
    };
  }
  const payload = Buffer.from(env.payload, 'base64');
  let signed = false;
  if (key) {
    const message = pae(PAYLOAD_TYPE, payload);
    signed = env.signatures.some((s) => {
      try {
        return typeof s?.sig === 'string' && verify(null, message, key, Buffer.from(s.sig, 'base64'));
      } catch {
        return false;
      }
    });
    if (!signed)
      return { signed, problem: `no signature verifies with the given public key (keyid ${keyId(key)})` };
  }
  let statement: Statement;
  try {
    statement = JSON.parse(payload.toString('utf8')) as Statement;
  } catch {
    return { signed, problem: 'the payload is not JSON' };
  }
  if (statement?._type !== STATEMENT_TYPE || !Array.isArray(statement.subject)) {
    return { signed, problem: `the payload is not an in-toto Statement v1 (${STATEMENT_TYPE})` };
  }
  return { statement, signed };
}
