// The simulator's STS and its idea of who is calling. Static access keys map to IAM users of the estate;
// AssumeRole issues temporary keys (ASIA + the role's 12-digit account + a serial) that later requests
// are identified by. Signatures are not verified: the simulator trusts the key id and session token.
import { randomBytes } from 'node:crypto';
import { type Caller, type SimCall, SimError, stableId } from './common.js';
import type { Estate } from './estate.js';
import type { XmlObject } from './xml.js';

export const STS_XMLNS = 'https://sts.amazonaws.com/doc/2011-06-15/';

interface Session {
  caller: Caller;
  sessionToken: string;
  expires: number;
}

export class KeyRing {
  private readonly sessions = new Map<string, Session>();
  private serial = 0;

  constructor(private readonly estate: Estate) {}

  /** The caller behind an access key, or an error as the service would send it. */
  identify(accessKeyId: string, sessionToken: string | undefined, service: string): Caller {
    const invalid = service === 'backup' ? 'UnrecognizedClientException' : 'InvalidClientTokenId';
    const user = this.estate.users.find((u) => u.accessKeyId === accessKeyId);
    if (user) return { account: user.account, accessKeyId, user: user.name };
    const session = this.sessions.get(accessKeyId);
    if (!session || session.sessionToken !== sessionToken) {
      throw new SimError(403, invalid, 'The security token included in the request is invalid.');
    }
    if (Date.now() >= session.expires) throw expiredToken(service);
    return session.caller;
  }

  assumeRole(call: SimCall): XmlObject {
    const roleArn = call.params.get('RoleArn') ?? '';
    const sessionName = call.params.get('RoleSessionName') ?? '';
    if (!/^[\w+=,.@-]{2,64}$/.test(sessionName)) {
      throw new SimError(400, 'ValidationError', 'RoleSessionName must be 2 to 64 of [\\w+=,.@-].');
    }
    const m = /^arn:aws[a-z-]*:iam::(\d{12}):role\/(?:.*\/)?([\w+=,.@-]+)$/.exec(roleArn);
    const denied = () =>
      new SimError(
        403,
        'AccessDenied',
        `User: ${callerArn(call.caller)} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`,
      );
    if (!m) throw new SimError(400, 'ValidationError', `${roleArn} is not a valid role ARN.`);
    const [, account, name] = m as unknown as [string, string, string];
    const role = this.estate.accounts[account]?.roles?.find((r) => r.name === name);
    if (!role) throw denied();
    if (role.trustedAccounts && !role.trustedAccounts.includes(call.caller.account)) throw denied();
    if (role.externalId !== undefined && role.externalId !== call.params.get('ExternalId')) throw denied();
    const seconds = Number(call.params.get('DurationSeconds') ?? 3600);
    const accessKeyId = `ASIA${account}${(++this.serial).toString(36).toUpperCase().padStart(4, '0')}`;
    const sessionToken = randomBytes(96).toString('base64');
    const expires = Date.now() + seconds * 1000;
    const caller: Caller = { account, accessKeyId, role: { name, session: sessionName } };
    this.sessions.set(accessKeyId, { caller, sessionToken, expires });
    return {
      Credentials: {
        AccessKeyId: accessKeyId,
        SecretAccessKey: randomBytes(30).toString('base64'),
        SessionToken: sessionToken,
        Expiration: new Date(expires),
      },
      AssumedRoleUser: {
        AssumedRoleId: `${roleId(account, name)}:${sessionName}`,
        Arn: callerArn(caller),
      },
    };
  }
}

function roleId(account: string, name: string): string {
  return `AROA${stableId(`${account}/${name}`, 17).toUpperCase()}`;
}

export function callerArn(c: Caller): string {
  return c.role
    ? `arn:aws:sts::${c.account}:assumed-role/${c.role.name}/${c.role.session}`
    : `arn:aws:iam::${c.account}:user/${c.user ?? 'unknown'}`;
}

export function expiredToken(service: string): SimError {
  return new SimError(
    403,
    service === 'backup' ? 'ExpiredTokenException' : 'ExpiredToken',
    'The security token included in the request is expired',
  );
}

export function handleSts(call: SimCall, keys: KeyRing): XmlObject {
  switch (call.operation) {
    case 'GetCallerIdentity': {
      const c = call.caller;
      return {
        UserId: c.role
          ? `${roleId(c.account, c.role.name)}:${c.role.session}`
          : `AIDA${stableId(`${c.account}/${c.user}`, 17).toUpperCase()}`,
        Account: c.account,
        Arn: callerArn(c),
      };
    }
    case 'AssumeRole':
      return keys.assumeRole(call);
    default:
      throw new SimError(
        400,
        'InvalidAction',
        `Could not find operation ${call.operation} for version 2011-06-15`,
      );
  }
}
