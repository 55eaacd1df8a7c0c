import { describe, expect, it } from 'vitest';
import { canReveal, maskPhone, mayRevealPhone, withMaskedPhone } from './masking.js';
import { BANK_COMPLAINT_POLICY } from './policy.js';
import { AUDITOR, HQ, LEAD, registered, TELLER, TELLER2, TELLER3 } from './testComplaints.fixtures.js';

describe('maskPhone', () => {
  it('keeps the first 3 and last 4 digits of a mobile number', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskPhone(' 138 1234 5678 ')).toBe('138****5678');
    expect(maskPhone('138-1234-5678')).toBe('138****5678');
    expect(maskPhone('+86 138 1234 5678')).toBe('+86 138****5678');
    expect(maskPhone('008613812345678')).toBe('+86 138****5678');
    expect(maskPhone('8613812345678')).toBe('+86 138****5678');
  });

  it('keeps the area code and the last 4 digits of a landline', () => {
    expect(maskPhone('010-12345678')).toBe('010-****5678');
    expect(maskPhone('(021) 6123 4567')).toBe('021-****4567');
    expect(maskPhone('0755 1234567')).toBe('0755-***4567');
    expect(maskPhone('0571-87654321')).toBe('0571-****4321');
    expect(maskPhone('0791-6132563')).toBe('0791-***2563'); // the toll office's complaint line in seed 004
  });

  it('keeps the last 4 of other long numbers, the last 2 of short ones, nothing of very short ones', () => {
    expect(maskPhone('12345678')).toBe('****5678');
    expect(maskPhone('+44 20 7946 0958')).toBe('********0958');
    expect(maskPhone('6132563')).toBe('*****63');
    expect(maskPhone('95588')).toBe('***88');
    expect(maskPhone('110')).toBe('***');
    expect(maskPhone('')).toBe('');
    expect(maskPhone(null)).toBe('');
    expect(maskPhone('--')).toBe('');
  });

  it('never shows more than 7 digits of an 11-digit mobile', () => {
    for (const phone of ['13900000000', '19912345678', '+8615012345678']) {
      expect(maskPhone(phone).replace(/\D/g, '').replace(/^86/, '').length).toBe(7);
    }
  });
});

describe('who may reveal a complainant’s number', () => {
  it('by role: those who call back, the lead and head office', () => {
    expect(canReveal('lead')).toBe(true);
    expect(canReveal('hq_admin')).toBe(true);
    expect(canReveal('auditor')).toBe(false);
    expect(canReveal('teller')).toBe(false);
  });

  it('the owner as well, never the teller complained about', () => {
    const c = registered(BANK_COMPLAINT_POLICY); // owned by s-1001, about s-1002
    expect(mayRevealPhone(TELLER, c)).toBe(true);
    expect(mayRevealPhone(TELLER3, c)).toBe(false);
    expect(mayRevealPhone(TELLER2, c)).toBe(false);
    expect(mayRevealPhone(LEAD, c)).toBe(true);
    expect(mayRevealPhone(HQ, c)).toBe(true);
    expect(mayRevealPhone(AUDITOR, c)).toBe(false);
    expect(mayRevealPhone({ staffId: LEAD.staffId, role: 'lead' }, { ...c, subjectTellerId: LEAD.staffId })).toBe(false);
  });

  it('shows the others the complaint with the number masked', () => {
    const c = registered(BANK_COMPLAINT_POLICY);
    expect(withMaskedPhone(c).complainant).toEqual({ name: '王女士', phone: '138****5678', realName: true });
    expect(c.complainant.phone).toBe('13812345678');
  });
});
