// How an AWS failure becomes a FactError: which operation failed (tagged on the error by the client
// middleware), a stable code (the service's own error code, or Timeout, EndpointUnreachable,
// MalformedResponse, ...), and a message with every credential scrubbed out.
import type { FactName } from '../../snapshot/facts.js';
import type { FactError } from '../../snapshot/snapshot.js';

const OPERATION = Symbol.for('readiness.aws.operation');
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
]);
const GENERIC_NAMES = new Set(['Error', 'Unknown', 'UnknownError', 'ServiceException', 'TypeError']);

/** A response the SDK accepted but that lacks what the API promises (e.g. an item without its ARN). */
export class MalformedResponseError extends Error {
  override name = 'MalformedResponse';
}

/** Records on an error the operation that raised it; the innermost (first) tag wins. */
export function tagOperation(err: unknown, operation: string): void {
  if (err && typeof err === 'object' && !(OPERATION in err)) {
    Object.defineProperty(err, OPERATION, { value: operation, enumerable: false });
  }
}

/** Runs `fn`; whatever it throws (or rejects with) is tagged with `operation` unless already tagged. */
export function withOp<T>(operation: string, fn: () => T): T {
  const tagged = (err: unknown): never => {
    tagOperation(err, operation);
    throw err;
  };
  try {
    const out = fn();
    return (out instanceof Promise ? out.catch(tagged) : out) as T;
  } catch (err) {
    return tagged(err);
  }
}

export function operationOf(err: unknown): string | undefined {
  return err && typeof err === 'object' ? (err as { [OPERATION]?: string })[OPERATION] : undefined;
}

interface ErrorLike {
  name?: string;
  code?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
  $responseBodyText?: string;
}

export function classify(err: unknown): { code: string; message: string } {
  const e = (err && typeof err === 'object' ? err : {}) as ErrorLike;
  const message = e.message ?? String(err);
  const firstLine = message.split('\n')[0] ?? message;
  const status = e.$metadata?.httpStatusCode;
  const fromService = '$fault' in e;
  const named =
    e.name &&
    /^[A-Za-z][\w.]*$/.test(e.name) &&
    !GENERIC_NAMES.has(e.name) &&
    !e.name.endsWith('ServiceException')
      ? e.name
      : undefined;
  if (e.name === 'AbortError') return { code: 'Aborted', message };
  if (e.code && NETWORK_CODES.has(e.code))
    return { code: 'EndpointUnreachable', message: `${e.code}: ${message}` };
  if (e.code === 'ETIMEDOUT' || e.name === 'TimeoutError') return { code: 'Timeout', message };
  if (fromService && named) return { code: named, message };
  // A 5xx whose body is no AWS error document (a load balancer's HTML page, say).
  if (status !== undefined && status >= 500)
    return { code: `Http${status}`, message: `HTTP ${status}: ${firstLine}` };
  // A 4xx that is no AWS error either: a proxy's page, or an endpoint (moto, LocalStack) without this
  // operation, which answers 404 with its own page. Not a malformed answer: the HTTP status says why.
  if (status !== undefined && status >= 400 && !fromService) {
    const hint =
      status === 404 ? ' (no AWS error in the answer: the endpoint may not implement this operation)' : '';
    return { code: `Http${status}`, message: `HTTP ${status}${hint}: ${firstLine}` };
  }
  if (
    e.name === 'MalformedResponse' ||
    e.name === 'SyntaxError' ||
    e.$responseBodyText !== undefined ||
    (!fromService && /Deserialization error|XML parse error|JSON/i.test(message))
  ) {
    return { code: 'MalformedResponse', message: firstLine };
  }
  if (e.name === 'CredentialsProviderError') return { code: 'CredentialsUnavailable', message };
  if (named) return { code: named, message };
  return { code: 'Unknown', message };
}

/** Removes credentials from text: the known secrets of this run, access key ids and long token-like runs. */
export function scrub(text: string, secrets: Iterable<string>): string {
  let out = text;
  for (const s of secrets) if (s.length >= 8) out = out.split(s).join('[redacted]');
  return out
    .replace(/\b(AKIA|ASIA)[A-Z0-9]{12,}\b/g, '[access key]')
    .replace(/[A-Za-z0-9+/]{60,}={0,2}/g, '[redacted]')
    .slice(0, 500);
}

export function factError(
  fact: FactName,
  err: unknown,
  where: { account?: string | undefined; region?: string | undefined },
  secrets: Iterable<string>,
  fallbackOperation = 'aws:credentials',
): FactError {
  const { code, message } = classify(err);
  return {
    fact,
    source: 'aws',
    operation: operationOf(err) ?? fallbackOperation,
    ...(where.account ? { account: where.account } : {}),
    ...(where.region ? { region: where.region } : {}),
    code,
    message: scrub(message, secrets),
  };
}
