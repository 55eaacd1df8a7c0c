import { describe, it, expect } from 'vitest';
import type { Appointment } from '../../config/schema.js';
import { checkInAppointment } from './appointments.js';
import { policy } from '../testTickets.fixtures.js';

const tz = 'Asia/Shanghai';
const appointments: Appointment[] = [
  { code: '100001', service: 'A', slot: '2025-06-03T10:00' },
  { code: '100002', service: 'V', slot: '2025-06-04T10:00' },
];
const shanghai = (local: string) => new Date(`${local}:00+08:00`);

describe('checkInAppointment', () => {
  it('gives appointment priority from 30 min before to 15 min after the slot', () => {
    for (const local of ['2025-06-03T09:30', '2025-06-03T10:00', '2025-06-03T10:15']) {
      expect(checkInAppointment(appointments, '100001', shanghai(local), policy, tz)).toEqual({ ok: true, service: 'A', priority: 'appointment' });
    }
  });

  it('an early or late customer on the right day still gets a normal ticket for the booked service', () => {
    for (const local of ['2025-06-03T09:29', '2025-06-03T10:16', '2025-06-03T16:00']) {
      expect(checkInAppointment(appointments, '100001', shanghai(local), policy, tz)).toEqual({ ok: true, service: 'A', priority: 'none' });
    }
  });

  it('refuses a booking for another day', () => {
    expect(checkInAppointment(appointments, '100002', shanghai('2025-06-03T10:00'), policy, tz)).toEqual({ ok: false, reason: 'other_day' });
  });

  it('refuses an unknown code', () => {
    expect(checkInAppointment(appointments, '999999', shanghai('2025-06-03T10:00'), policy, tz)).toEqual({ ok: false, reason: 'unknown' });
  });

  it('reads the slot as branch-local time whatever the device zone', () => {
    // 02:00 UTC is exactly the 10:00 Shanghai slot.
    expect(checkInAppointment(appointments, '100001', new Date('2025-06-03T02:00:00Z'), policy, tz)).toMatchObject({ priority: 'appointment' });
  });
});
