// SDK clients for one collection run. Every client shares one HTTP handler (connection reuse, a hard
// per-request timeout), the SDK's adaptive retry (throttling and transient errors are retried with
// back-off, and a client that is throttled slows itself down), the endpoint override, a middleware that
// counts logical calls and tags errors with their operation, a pacer per (account, region, service) that
// keeps requests within AWS's rate limits (see pace.ts; behind an endpoint override, within the
// endpoint's once it has throttled), and one semaphore that bounds requests in flight across all
// accounts, regions and services; list pages pass per-item calls in both queues. Credentials: the
// standard chain, a named profile or static keys from the options' env, then per account an assumed
// role. RDS and STS (awsQuery, XML responses) read their responses with a faster drop-in for the SDK's
// XML parser (xml.ts), and all three turn parsed bodies into outputs with faster drop-ins for the SDK's
// schema walks (deserialize.ts).
import { BackupClient } from '@aws-sdk/client-backup';
import { RDSClient } from '@aws-sdk/client-rds';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { fromIni, fromNodeProviderChain } from '@aws-sdk/credential-providers';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { ResolvedTarget } from '../../config/schema.js';
import { createLimit, type Limit } from '../../util/limit.js';
import type { CollectOptions } from '../types.js';
import { FastRestJsonProtocol } from './deserialize.js';
import { tagOperation } from './errors.js';
import { isThrottling, Pacer, priorityOf, quotaOf, Throttled } from './pace.js';
import { FastQueryProtocol } from './xml.js';

// The SDK's official switch for its "Node >= 22 will be required" notice (read from process.env when the
// first client is built). Only set when the user has not chosen; it changes nothing else.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  expiration?: Date;
}
export type CredentialsProvider = () => Promise<Credentials>;

export interface AwsRun {
  target: ResolvedTarget;
  options: CollectOptions;
  /** Logical API calls per operation ("rds:DescribeDBInstances"), one per command sent. */
  calls: Record<string, number>;
  /** Extra attempts (SDK retries) per operation. */
  retries: Record<string, number>;
  /** Credential strings met in this run, scrubbed from every error message. */
  secrets: Set<string>;
  handler: NodeHttpHandler;
  limit: Limit;
  /** Per service behind an endpoint without a configured quota: whether it has throttled yet (pace.ts). */
  throttled: { rds: Throttled; backup: Throttled };
}

export function createRun(target: ResolvedTarget, options: CollectOptions): AwsRun {
  return {
    target,
    options,
    calls: {},
    retries: {},
    secrets: new Set(),
    handler: new NodeHttpHandler({
      requestTimeout: options.timeoutMs,
      throwOnRequestTimeout: true,
      connectionTimeout: Math.min(options.timeoutMs, 10_000),
      socketTimeout: options.timeoutMs,
      httpAgent: { keepAlive: true, maxSockets: Math.max(50, options.concurrency) },
      httpsAgent: { keepAlive: true, maxSockets: Math.max(50, options.concurrency) },
    }),
    limit: createLimit(options.concurrency),
    throttled: { rds: new Throttled(), backup: new Throttled() },
  };
}

/** `work`, or an AbortError as soon as the run is aborted. (Commands are sent without per-call options,
 * so that the SDK can reuse each client's resolved middleware; the run's signal is applied here.) */
function abortable<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return work;
  signal.throwIfAborted();
  return new Promise<T>((resolve, reject) => {
    const abort = () =>
      reject(Object.assign(new Error('Request aborted'), { name: 'AbortError', cause: signal.reason }));
    signal.addEventListener('abort', abort, { once: true });
    work.then(
      (v) => {
        signal.removeEventListener('abort', abort);
        resolve(v);
      },
      (e) => {
        signal.removeEventListener('abort', abort);
        reject(e);
      },
    );
  });
}

interface Stack {
  // biome-ignore lint/suspicious/noExplicitAny: the SDK's middleware signatures vary by step
  add(middleware: any, options: { step: string; name: string; priority?: string }): void;
}

/** Turns told apart in the slot queue within one level (see instrument). */
const TURNS = 4096;

/** What a slot's task returns instead of sending, when the attempt must wait for its pacer first. */
const REPACE = Symbol('repace');

/** Adds call counting, operation tagging, abort, pacing and the run's concurrency bound to a client. */
function instrument<C extends RDSClient | BackupClient | STSClient>(
  run: AwsRun,
  service: string,
  client: C,
  pacer?: Pacer,
): C {
  const stack = client.middlewareStack as unknown as Stack;
  type Next = (args: unknown) => Promise<{ output?: { $metadata?: { attempts?: number } } }>;
  stack.add(
    (next: Next, context: { commandName?: string }) => async (args: unknown) => {
      const op = `${service}:${(context.commandName ?? 'Unknown').replace(/Command$/, '')}`;
      run.calls[op] = (run.calls[op] ?? 0) + 1;
      const note = (attempts: number | undefined) => {
        if (attempts && attempts > 1) run.retries[op] = (run.retries[op] ?? 0) + attempts - 1;
      };
      try {
        run.options.signal?.throwIfAborted();
        const result = await next(args);
        note(result.output?.$metadata?.attempts);
        return result;
      } catch (err) {
        note((err as { $metadata?: { attempts?: number } })?.$metadata?.attempts);
        tagOperation(err, op);
        throw err;
      }
    },
    { step: 'initialize', name: 'readinessCalls' },
  );
  // Every attempt (retries too) waits for the pacer, then for a slot; a throttled attempt slows the pacer.
  // An attempt the pacer let through unpaced whose service began to throttle while it waited for a slot
  // gives the slot back and waits for the pacer after all (else a queue of them would leave at once).
  // In the slot queue, attempts of one level (priorityOf plus the pacer's backlog) take turns between
  // partitions: a partition's n-th attempt goes before any partition's (n+1)-th, so the first list of the
  // last partition to start is not queued behind every list of all the others.
  let turn = 0;
  stack.add(
    (next: (args: unknown) => Promise<unknown>, context: { commandName?: string }) =>
      async (args: unknown) => {
        const base = priorityOf(service, (context.commandName ?? '').replace(/Command$/, ''));
        for (;;) {
          const claimed = pacer ? await pacer.ready(base) : false;
          const level = base + (pacer?.backlogSeconds() ?? 0);
          const priority = level * TURNS - Math.min(turn++, TURNS - 1);
          let sentAt: number | undefined;
          try {
            const out = await run.limit(() => {
              if (pacer && !claimed && pacer.pacing) return Promise.resolve(REPACE);
              sentAt = pacer?.send(claimed);
              return abortable(next(args), run.options.signal);
            }, priority);
            if (out === REPACE) continue;
            pacer?.accepted();
            return out;
          } catch (err) {
            if (pacer && isThrottling(err)) pacer.throttled(sentAt);
            throw err;
          }
        }
      },
    { step: 'deserialize', name: 'readinessLimit', priority: 'high' },
  );
  return client;
}

function config(run: AwsRun, region: string, credentials: CredentialsProvider) {
  const endpoint = run.target.aws?.endpoint;
  return {
    region,
    credentials,
    requestHandler: run.handler,
    retryMode: 'adaptive',
    cacheMiddleware: true,
    maxAttempts: 3,
    ...(endpoint ? { endpoint } : {}),
  };
}

/** The config of a client that speaks awsQuery (RDS, STS): the same, with the faster XML parser and
 * schema walk (see xml.ts). Only the protocol class changes; each client still passes it its own
 * protocolSettings. */
function queryConfig(run: AwsRun, region: string, credentials: CredentialsProvider) {
  return { ...config(run, region, credentials), protocol: FastQueryProtocol };
}

/** The config of a client that speaks restJson1 (AWS Backup): the same, with the faster schema walk (see
 * deserialize.ts), installed the same way. */
function restJsonConfig(run: AwsRun, region: string, credentials: CredentialsProvider) {
  return { ...config(run, region, credentials), protocol: FastRestJsonProtocol };
}

export interface RegionClients {
  rds: RDSClient;
  backup: BackupClient;
  sts: STSClient;
}

/** The pacer of one service in one partition (see `quotaOf`). */
function pacer(run: AwsRun, service: 'rds' | 'backup'): Pacer {
  const { quota, known } = quotaOf(run.target.aws, service);
  return new Pacer(quota, undefined, known ? undefined : run.throttled[service]);
}

export function regionClients(run: AwsRun, region: string, credentials: CredentialsProvider): RegionClients {
  // AWS Backup speaks restJson1; RDS and STS speak awsQuery.
  const query = queryConfig(run, region, credentials);
  return {
    rds: instrument(run, 'rds', new RDSClient(query), pacer(run, 'rds')),
    backup: instrument(
      run,
      'backup',
      new BackupClient(restJsonConfig(run, region, credentials)),
      pacer(run, 'backup'),
    ),
    sts: instrument(run, 'sts', new STSClient(query)),
  };
}

/** Remembers the secrets of whatever a provider returns, so errors can never echo them. */
function remembered(run: AwsRun, provider: CredentialsProvider): CredentialsProvider {
  return async () => {
    const c = await provider();
    for (const s of [c.accessKeyId, c.secretAccessKey, c.sessionToken]) if (s) run.secrets.add(s);
    return c;
  };
}

/** The run's own identity: a named profile, static keys in the options' env, or the standard chain. */
export function baseCredentials(run: AwsRun): CredentialsProvider {
  const env = run.options.env ?? process.env;
  const profile = run.target.aws?.profile;
  const region = run.target.aws?.regions[0];
  if (profile) return remembered(run, fromIni({ profile, clientConfig: { region } }));
  const { AWS_ACCESS_KEY_ID: id, AWS_SECRET_ACCESS_KEY: secret, AWS_SESSION_TOKEN: token } = env;
  if (id && secret) {
    const c: Credentials = {
      accessKeyId: id,
      secretAccessKey: secret,
      ...(token ? { sessionToken: token } : {}),
    };
    return remembered(run, async () => c);
  }
  if (env.AWS_PROFILE)
    return remembered(run, fromIni({ profile: env.AWS_PROFILE, clientConfig: { region } }));
  return remembered(run, fromNodeProviderChain({ clientConfig: { region } }));
}

/** Credentials of `roleArn`, assumed once (and again near expiry) with the run's base credentials. */
export function assumedRole(
  run: AwsRun,
  base: CredentialsProvider,
  role: { roleArn: string; externalId?: string | undefined },
): CredentialsProvider {
  const region = run.target.aws?.regions[0] ?? 'us-east-1';
  const sts = instrument(run, 'sts', new STSClient(queryConfig(run, region, base)));
  const sessionName = `readiness-${run.target.name}`.slice(0, 64);
  let current: Promise<Credentials> | undefined;
  let expires = Number.POSITIVE_INFINITY;
  const assume = async (): Promise<Credentials> => {
    const out = await sts.send(
      new AssumeRoleCommand({
        RoleArn: role.roleArn,
        RoleSessionName: sessionName,
        DurationSeconds: 3600,
        ...(role.externalId ? { ExternalId: role.externalId } : {}),
      }),
    );
    const c = out.Credentials;
    if (!c?.AccessKeyId || !c.SecretAccessKey) throw new Error('AssumeRole returned no credentials');
    expires = c.Expiration?.getTime() ?? Number.POSITIVE_INFINITY;
    return {
      accessKeyId: c.AccessKeyId,
      secretAccessKey: c.SecretAccessKey,
      ...(c.SessionToken ? { sessionToken: c.SessionToken } : {}),
      ...(c.Expiration ? { expiration: c.Expiration } : {}),
    };
  };
  return remembered(run, () => {
    if (!current || expires - Date.now() < 5 * 60_000) {
      expires = Number.POSITIVE_INFINITY;
      current = assume();
    }
    return current;
  });
}
