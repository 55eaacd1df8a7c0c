import type { Appointment, QueuePolicy, ServiceCode } from '../../config/schema.js';
import { businessDayOf } from './businessDay.js';
import { zonedDate } from './zoned.js';

export type CheckInResult =
  | { ok: true; service: ServiceCode; priority: 'appointment' | 'none' }
  | { ok: false; reason: 'unknown' | 'other_day' };

/**
 * Check-in at the kiosk with a booking code. Only a customer inside the on-time window gets
 * appointment priority; anyone early or late on the right day still gets a normal ticket for
 * the booked service rather than being turned away at the kiosk.
 */
export function checkInAppointment(
  appointments: readonly Appointment[],
  code: string,
  now: Date,
  policy: Pick<QueuePolicy, 'appointmentEarlyMinutes' | 'appointmentLateMinutes'>,
  timezone: string,
): CheckInResult {
  const booking = appointments.find((a) => a.code === code);
  if (!booking) return { ok: false, reason: 'unknown' };

  const [date = '', time = ''] = booking.slot.split('T');
  if (date !== businessDayOf(now, timezone)) return { ok: false, reason: 'other_day' };

  // The slot is a local wall-clock time; resolve it in the branch's zone, not the device's.
  const [hh = 0, mm = 0] = time.split(':').map(Number);
  const slot = zonedDate(date, timezone);
  slot.setHours(hh, mm, 0, 0);

  const minutesFromSlot = (now.getTime() - slot.getTime()) / 60_000;
  const onTime = minutesFromSlot >= -policy.appointmentEarlyMinutes && minutesFromSlot <= policy.appointmentLateMinutes;
  return { ok: true, service: booking.service, priority: onTime ? 'appointment' : 'none' };
}
