import { z } from 'zod';
import type { StaffRole } from '../config/schema.js';

/**
 * What a signed-in person may do beyond serving at their own window: decided here, once, and
 * checked by the hub (never by the screen). A list per capability so a reviewer reads who may
 * do what in one place.
 */
export const Capability = z.enum([
  /** Approve or refuse a pause, an early close, an override. */
  'approve',
  /** Send a special prompt to the windows. */
  'prompt',
  /** Listen live and replay recordings; read the listen log. */
  'listen',
  /** Make one-time enrolment codes, revoke devices, manage integration keys. */
  'enrol',
  /** Read the security audit (sign-ins, failures, lockouts, enrolments, approvals, listens). */
  'audit',
  /** Serve at a window (call, serve, speak phrases, pause). */
  'serve',
  /**
   * Work on the complaint log (issue 13): register, read and take the steps one's role and the
   * complaint allow. The route and the domain (shared/complaints/workflow.ts) decide the rest: a
   * teller only at their counter and on their own complaints, an auditor reads only.
   */
  'complaints',
  /**
   * Hear one's own recorded services at one's counter and comment on them (self-review, seed 004
   * part 2): only one's own; the route checks the recording's teller.
   */
  'review_own',
]);
export type Capability = z.infer<typeof Capability>;

export const CAPABILITIES: Readonly<Record<Capability, readonly StaffRole[]>> = {
  approve: ['lead', 'hq_admin'],
  prompt: ['lead', 'hq_admin'],
  listen: ['lead', 'auditor', 'hq_admin'],
  enrol: ['lead', 'hq_admin'],
  audit: ['lead', 'auditor', 'hq_admin'],
  // A lead covering a window serves like a teller.
  serve: ['teller', 'lead'],
  complaints: ['teller', 'lead', 'auditor', 'hq_admin'],
  review_own: ['teller', 'lead'],
};

export function may(role: StaffRole, capability: Capability): boolean {
  return CAPABILITIES[capability].includes(role);
}
