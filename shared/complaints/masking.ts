import type { StaffRole } from '../config/primitives.js';
import type { Complaint, ComplaintActor } from './schema.js';

/**
 * Customers' phone numbers are personal data (DESIGN.md §8): stored whole, shown masked, and
 * revealed only to those who call the customer back. Every reveal is recorded by the server
 * that owns the data; these functions only decide.
 */

const stars = (n: number) => '*'.repeat(Math.max(0, n));

/** Mainland area codes of three digits (Beijing 010, and 020-029); all others have four. */
function areaCodeLength(digits: string): number {
  return /^(10|2\d)/.test(digits.slice(1)) ? 3 : 4;
}

/**
 * A phone number with its middle hidden, for lists and screens:
 * - mobile (11 digits from 1, with or without +86 / 86): first 3 and last 4 kept,
 *   '13812345678' → '138****5678', '+86 138 1234 5678' → '+86 138****5678';
 * - landline with area code (0 + 2-3 digits, then 7-8): the area code and the last 4 kept,
 *   '010-12345678' → '010-****5678', '0755 1234567' → '0755-***4567';
 * - any other number of 8 digits or more: the last 4 kept, '12345678' → '****5678';
 * - 5 to 7 digits (a short or extension number): the last 2 kept, '95588' → '***88';
 * - 4 digits or fewer: all hidden, '110' → '***'.
 * Separators are dropped; the number of stars is the number of hidden digits. Empty or missing: ''.
 */
export function maskPhone(phone: string | null | undefined): string {
  if (!phone) return '';
  const trimmed = phone.trim();
  let digits = trimmed.replace(/\D/g, '');
  if (digits.length === 0) return '';
  let prefix = '';
  const international = trimmed.startsWith('+') || trimmed.startsWith('00');
  if (trimmed.startsWith('00')) digits = digits.slice(2);
  if ((international || digits.length === 13) && digits.startsWith('86') && /^861\d{10}$/.test(digits)) {
    prefix = '+86 ';
    digits = digits.slice(2);
  }
  if (/^1\d{10}$/.test(digits)) return `${prefix}${digits.slice(0, 3)}****${digits.slice(7)}`;
  if (prefix === '' && !international && /^0\d{9,11}$/.test(digits)) {
    const area = areaCodeLength(digits);
    const local = digits.slice(area);
    if (local.length >= 7 && local.length <= 8) return `${digits.slice(0, area)}-${stars(local.length - 4)}${local.slice(-4)}`;
  }
  if (digits.length >= 8) return `${prefix}${stars(digits.length - 4)}${digits.slice(-4)}`;
  if (digits.length >= 5) return `${stars(digits.length - 2)}${digits.slice(-2)}`;
  return stars(digits.length);
}

/** The roles that call complainants back (回访) and so may see their numbers: the lead and head office. */
export const REVEAL_ROLES: readonly StaffRole[] = ['lead', 'hq_admin'];

/**
 * Whether a role may reveal complainants' phone numbers at all: lead and hq_admin, who call
 * back. Not the auditor (they review recordings and figures, they do not call customers), not a
 * teller (unless they own the complaint: see mayRevealPhone).
 */
export function canReveal(role: StaffRole): boolean {
  return REVEAL_ROLES.includes(role);
}

/**
 * Whether this person may reveal this complaint's phone number: the owner (who must answer it)
 * or a revealing role; never the teller complained about (回避), whatever their role.
 */
export function mayRevealPhone(actor: ComplaintActor, complaint: Pick<Complaint, 'ownerId' | 'subjectTellerId'>): boolean {
  if (complaint.subjectTellerId !== null && actor.staffId === complaint.subjectTellerId) return false;
  return actor.staffId === complaint.ownerId || canReveal(actor.role);
}

/** The complaint as someone who may not reveal sees it: the phone masked, everything else as is. */
export function withMaskedPhone<T extends Pick<Complaint, 'complainant'>>(complaint: T): T {
  return { ...complaint, complainant: { ...complaint.complainant, phone: complaint.complainant.phone === null ? null : maskPhone(complaint.complainant.phone) } };
}
