// The registry: every check, explicitly, sorted by id. A guard test keeps it in step with the files.
import type { Check } from '../src/kit/define.js';
import awsRdsBackupRetention from './aws.rds.backup-retention.js';
import configOrderFormDeclared from './config.order-form-declared.js';

export const CHECKS: readonly Check[] = [awsRdsBackupRetention, configOrderFormDeclared];

const byId = new Map(CHECKS.map((c) => [c.id, c]));

export function getCheck(id: string): Check | undefined {
  return byId.get(id);
}

export function checkIds(): string[] {
  return CHECKS.map((c) => c.id);
}
