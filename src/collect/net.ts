// Network failures named for what they are — DNS, TLS, refused, timeout — from the error codes Node puts
// on a failed fetch's cause, and secrets kept out of every message a collector records.

export type NetworkCode =
  | 'DnsFailure'
  | 'TlsFailure'
  | 'ConnectionRefused'
  | 'ConnectionFailed'
  | 'Timeout'
  | 'Aborted';

export interface NetworkFailure {
  code: NetworkCode;
  /** The low-level code (ENOTFOUND, CERT_HAS_EXPIRED, ...) when there is one. */
  detail?: string;
}

function lowLevelCode(err: unknown): string | undefined {
  for (let e: unknown = err, depth = 0; e && typeof e === 'object' && depth < 5; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

function errorName(err: unknown): string | undefined {
  for (let e: unknown = err, depth = 0; e && typeof e === 'object' && depth < 5; depth++) {
    const name = (e as { name?: unknown }).name;
    if (name === 'TimeoutError' || name === 'AbortError') return name;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

/** Classifies an error thrown by fetch (or wrapping one); `timedOut` says whether our own deadline passed. */
export function classifyNetworkError(err: unknown, timedOut = false): NetworkFailure {
  const detail = lowLevelCode(err);
  const withDetail = (code: NetworkCode): NetworkFailure => (detail ? { code, detail } : { code });
  if (timedOut || errorName(err) === 'TimeoutError') return withDetail('Timeout');
  if (!detail && errorName(err) === 'AbortError') return { code: 'Aborted' };
  if (!detail) return { code: 'ConnectionFailed' };
  if (/^(ENOTFOUND|EAI_AGAIN|EAI_NONAME|EAI_FAIL|EAI_NODATA)$/.test(detail)) return withDetail('DnsFailure');
  if (/CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)|HOSTNAME_MISMATCH/.test(detail)) {
    return withDetail('TlsFailure');
  }
  if (detail === 'ECONNREFUSED') return withDetail('ConnectionRefused');
  if (/TIMEOUT|ETIMEDOUT/.test(detail)) return withDetail('Timeout');
  return withDetail('ConnectionFailed');
}

const DESCRIPTIONS: Record<NetworkCode, string> = {
  DnsFailure: 'DNS lookup failed',
  TlsFailure: 'TLS handshake failed',
  ConnectionRefused: 'connection refused',
  ConnectionFailed: 'connection failed',
  Timeout: 'timed out',
  Aborted: 'aborted',
};

export function describeNetworkFailure(f: NetworkFailure): string {
  return f.detail ? `${DESCRIPTIONS[f.code]} (${f.detail})` : DESCRIPTIONS[f.code];
}

/** A URL fit for a message: no user name, password, query or fragment. */
export function displayUrl(url: string | URL): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname}`;
  } catch {
    return '(invalid URL)';
  }
}

const TOKEN_SHAPES = [
  /\bgh[pousr]_[A-Za-z0-9_]{16,}/g,
  /\bgithub_pat_[A-Za-z0-9_]{20,}/g,
  /\b(bearer|token)\s+[A-Za-z0-9._~+/=-]{12,}/gi,
  /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(-----END [A-Z ]*PRIVATE KEY-----|$)/g,
];

/** Removes the given secrets, and anything shaped like a GitHub token or a private key, from a message. */
export function redact(message: string, secrets: readonly (string | undefined)[] = []): string {
  let out = message;
  for (const s of secrets) if (s && s.length >= 4) out = out.split(s).join('[redacted]');
  for (const re of TOKEN_SHAPES) out = out.replace(re, '[redacted]');
  return out.length > 500 ? `${out.slice(0, 500)}…` : out;
}
