// Waivers: a valid, unexpired waiver turns a matching `fail` into `waived`. It never touches `error`
// (a waiver accepts a known gap; it cannot vouch for what nobody could see). Expired waivers do not waive.
import type { Finding } from '../model/types.js';
import { globMatch } from '../util/glob.js';
import type { LoadedWaiver } from './inputs.js';

export type WaiverStatus = 'active' | 'expired' | 'self-approved';

export interface WaiverState {
  id: string;
  policy: string;
  target: string;
  resource: string;
  reason: string;
  owner: string;
  approver: string;
  ticket: string;
  expires: string;
  status: WaiverStatus;
  file: string;
  line: number;
  /** Findings this waiver waived. */
  applied: string[];
}

export function waiverStatus(w: LoadedWaiver, now: Date): WaiverStatus {
  if (w.waiver.owner.trim().toLowerCase() === w.waiver.approver.trim().toLowerCase()) return 'self-approved';
  const expires = Date.parse(`${w.waiver.expires}T00:00:00Z`);
  return Number.isNaN(expires) || expires <= now.getTime() ? 'expired' : 'active';
}

export function applyWaivers<F extends Omit<Finding, 'blocking'>>(
  findings: F[],
  waivers: LoadedWaiver[],
  now: Date,
): { findings: F[]; waivers: WaiverState[] } {
  const states: WaiverState[] = waivers.map((w) => ({
    id: `${w.at.file}#${w.index + 1}`,
    policy: w.waiver.policy,
    target: w.waiver.target,
    resource: w.waiver.resource ?? '*',
    reason: w.waiver.reason,
    owner: w.waiver.owner,
    approver: w.waiver.approver,
    ticket: w.waiver.ticket,
    expires: w.waiver.expires,
    status: waiverStatus(w, now),
    file: w.at.file,
    line: w.at.line,
    applied: [],
  }));
  // Only an active waiver waives: without one, the findings are returned as they are (not copied).
  if (!states.some((s) => s.status === 'active')) return { findings, waivers: states };
  const out = findings.map((f) => {
    if (f.status !== 'fail') return f;
    const state = states.find(
      (s) =>
        s.status === 'active' &&
        s.policy === f.policyId &&
        globMatch(s.target, f.target) &&
        (globMatch(s.resource, f.resource.id) ||
          (f.resource.arn !== undefined && globMatch(s.resource, f.resource.arn))),
    );
    if (!state) return f;
    state.applied.push(f.id);
    return {
      ...f,
      status: 'waived' as const,
      waiver: {
        id: state.id,
        reason: state.reason,
        owner: state.owner,
        approver: state.approver,
        ticket: state.ticket,
        expires: state.expires,
      },
    };
  });
  return { findings: out, waivers: states };
}
