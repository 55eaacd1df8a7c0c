import { RatingContact } from '../../shared/ratings/api.js';

/**
 * The rules of the customer display's real-name step (实名评价): after a dissatisfied answer the
 * customer may leave a name and number to be called back. Pure, so the component stays a view.
 */

/** The step closes by itself after this long untouched: the next customer must find a normal screen. */
export const CONTACT_IDLE_MS = 60_000;
/**
 * The answer must reach the hub before the rating's deadline (it refuses later answers), so the
 * step gives up this many seconds early and sends the answer without contact.
 */
export const CONTACT_MARGIN_S = 3;
/** Longest number the pad takes (the shared schema's limit). */
const PHONE_MAX = 32;

export type PadKey = '0' | '1' | '2' | '3' | '4' | '5' | '6' | '7' | '8' | '9' | 'delete' | 'clear';
export const PAD_KEYS: readonly PadKey[] = ['1', '2', '3', '4', '5', '6', '7', '8', '9', 'clear', '0', 'delete'];

/** The number after a key of the on-screen pad. */
export function pressPhoneKey(phone: string, key: PadKey): string {
  if (key === 'clear') return '';
  if (key === 'delete') return phone.slice(0, -1);
  return phone.length >= PHONE_MAX ? phone : phone + key;
}

export type ContactCheck = { ok: true; contact: RatingContact } | { ok: false; field: 'name' | 'phone' };

/** The contact as the hub will take it (the shared schema), or the first field it would refuse. */
export function checkContact(name: string, phone: string): ContactCheck {
  const parsed = RatingContact.safeParse({ name, phone });
  if (parsed.success) return { ok: true, contact: parsed.data };
  return { ok: false, field: parsed.error.issues.some((i) => i.path[0] === 'name') ? 'name' : 'phone' };
}

/**
 * Seconds the step stays open: until the rating's deadline less the margin, and at most the idle
 * limit from its opening (or the customer's last touch).
 */
export function contactSecondsLeft(ratingSecondsLeft: number, touchedAtMs: number, nowMs: number): number {
  const idle = Math.ceil((touchedAtMs + CONTACT_IDLE_MS - nowMs) / 1000);
  return Math.max(0, Math.min(ratingSecondsLeft - CONTACT_MARGIN_S, idle));
}
