import { describe, expect, it } from 'vitest';
import { AccessRefusal } from '../../shared/access/session.js';
import { ApiErrorCode, QueueError } from '../../shared/api/errors.js';
import { LANGS } from '../../shared/i18n/localized.js';
import { PauseRefusal } from '../../shared/pause/wire.js';
import { errorText } from './errorText.js';
import { i18n, initI18n } from './index.js';

initI18n('zh-CN');
const tIn = (lang: (typeof LANGS)[number]) => i18n.getFixedT(lang);
const MESSAGE = 'the hub’s English words';

describe('the hub’s refusals in the screen’s language', () => {
  it.each(LANGS)('%s: every error code has its own words, never the English message', (lang) => {
    const t = tIn(lang);
    const seen = new Set<string>();
    for (const code of ApiErrorCode.options) {
      const text = errorText(t, new QueueError(code, MESSAGE));
      expect(text, code).not.toBe(MESSAGE);
      expect(text, code).not.toMatch(/^errors\./);
      expect(text.trim().length, code).toBeGreaterThan(0);
      seen.add(text);
    }
    expect(seen.size).toBe(ApiErrorCode.options.length);
  });

  it.each(LANGS)('%s: every access refusal (sign-in, devices, the gate) has its own words', (lang) => {
    const t = tIn(lang);
    for (const reason of AccessRefusal.options) {
      const text = errorText(t, new QueueError('forbidden', MESSAGE, reason));
      expect(text, reason).toBe(t(`access.refusals.${reason}`));
      expect(text, reason).not.toMatch(/^access\./);
      expect(text, reason).not.toBe(t('errors.forbidden'));
    }
  });

  it.each(LANGS)('%s: every pause refusal keeps its words', (lang) => {
    const t = tIn(lang);
    for (const reason of PauseRefusal.options) {
      // nobody_signed_in is both; either line says the same.
      const text = errorText(t, new QueueError('conflict', MESSAGE, reason));
      expect(text, reason).not.toBe(MESSAGE);
      expect(text, reason).not.toMatch(/^(pause|access)\./);
    }
  });

  it('shows the example of the issue in Chinese, not the server’s English', () => {
    const err = new QueueError('unauthorized', 'unknown staff member or wrong PIN', 'bad_credentials');
    expect(errorText(tIn('zh-CN'), err)).toBe('工号或 PIN 不正确');
    expect(errorText(tIn('zh-TW'), err)).toBe('員工編號或 PIN 不正確');
    expect(errorText(tIn('en'), err)).toBe('Staff id or PIN is not correct');
  });

  it('falls back from an unknown reason to the code, and from an unknown code to the message', () => {
    const t = tIn('zh-CN');
    expect(errorText(t, new QueueError('conflict', MESSAGE, 'a_reason_of_a_newer_hub'))).toBe(t('errors.conflict'));
    expect(errorText(t, { code: 'teapot', message: MESSAGE })).toBe(MESSAGE);
    expect(errorText(t, new Error('the disk is full'))).toBe('the disk is full');
  });

  it('lets a screen put its own words on a code or reason', () => {
    const t = tIn('en');
    const overrides = { unauthorized: 'bad code', wrong_window: 'another window’s code' };
    expect(errorText(t, new QueueError('unauthorized', MESSAGE), overrides)).toBe('bad code');
    expect(errorText(t, new QueueError('forbidden', MESSAGE, 'wrong_window'), overrides)).toBe('another window’s code');
    expect(errorText(t, new QueueError('forbidden', MESSAGE, 'device_not_allowed'), overrides)).toBe(t('access.refusals.device_not_allowed'));
  });
});
