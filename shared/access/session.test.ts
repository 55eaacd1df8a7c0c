import { describe, expect, it } from 'vitest';
import { messages } from '../i18n/resources/index.js';
import { AccessRefusal, StaffSignInRequest } from './session.js';

describe('access refusals', () => {
  it('each have words in every language', () => {
    for (const lang of ['zh-CN', 'zh-TW', 'en'] as const) {
      expect(Object.keys(messages[lang].access.refusals).sort(), lang).toEqual([...AccessRefusal.options].sort());
    }
  });
});

describe('StaffSignInRequest', () => {
  it('takes a staff id or badge and a PIN of digits', () => {
    expect(StaffSignInRequest.parse({ login: ' 1002 ', pin: '100222' }).login).toBe('1002');
    expect(StaffSignInRequest.safeParse({ login: 's-1002', pin: '10022a' }).success).toBe(false);
    expect(StaffSignInRequest.safeParse({ login: 's-1002', pin: '100222', staffId: 'x' }).success).toBe(false);
  });
});
