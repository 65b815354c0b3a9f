// ARN parsing, once: `arn:partition:service:region:account:resource`. The resource part keeps its colons
// (RDS: `db:name`, `cluster:name`, `snapshot:name`).
export interface Arn {
  partition: string;
  service: string;
  region: string;
  account: string;
  resource: string;
}

export function parseArn(arn: string): Arn | undefined {
  const parts = arn.split(':');
  if (parts.length < 6 || parts[0] !== 'arn') return undefined;
  const [, partition, service, region, account] = parts as [string, string, string, string, string];
  return { partition, service, region, account, resource: parts.slice(5).join(':') };
}

/** The region an ARN names, or undefined for a malformed or global (region-less) ARN. */
export function arnRegion(arn: string): string | undefined {
  return parseArn(arn)?.region || undefined;
}

export function arnAccount(arn: string): string | undefined {
  return parseArn(arn)?.account || undefined;
}

/** The name after the resource type: `arn:aws:backup:r:a:backup-vault:main` → `main`. */
export function arnResourceName(arn: string): string | undefined {
  const resource = parseArn(arn)?.resource;
  if (!resource) return undefined;
  const at = resource.search(/[:/]/);
  return at < 0 ? resource : resource.slice(at + 1);
}

/** A 12-digit account id from an account id or an IAM/STS principal ARN; undefined otherwise. */
export function principalAccount(principal: string): string | undefined {
  if (/^\d{12}$/.test(principal)) return principal;
  const account = parseArn(principal)?.account;
  return account && /^\d{12}$/.test(account) ? account : undefined;
}
