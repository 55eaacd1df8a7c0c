import { describe, expect, it } from 'vitest';
import { LANGS } from '../localized.js';
import { UploadFailureCode } from '../../uploads/errors.js';
import { messages } from './index.js';

/** "a.b.c" for every string leaf. */
function leaves(value: unknown, prefix = ''): Map<string, unknown> {
  const out = new Map<string, unknown>();
  if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      for (const [path, leaf] of leaves(v, prefix ? `${prefix}.${k}` : k)) out.set(path, leaf);
    }
  } else {
    out.set(prefix, value);
  }
  return out;
}

const variables = (s: string) => [...s.matchAll(/\{\{\s*([\w.]+)\s*\}\}/g)].map((m) => m[1]).sort();

describe('UI strings', () => {
  const reference = leaves(messages['zh-CN']);

  it.each(LANGS)('%s has exactly the keys of zh-CN', (lang) => {
    expect([...leaves(messages[lang]).keys()].sort()).toEqual([...reference.keys()].sort());
  });

  it.each(LANGS)('%s has a non-empty string for every key, with the same variables', (lang) => {
    for (const [key, value] of leaves(messages[lang])) {
      expect(typeof value, key).toBe('string');
      expect((value as string).trim().length, key).toBeGreaterThan(0);
      expect(variables(value as string), key).toEqual(variables(reference.get(key) as string));
    }
  });

  it('never uses `count` (it would switch i18next to plural keys that differ per language)', () => {
    for (const lang of LANGS) for (const value of leaves(messages[lang]).values()) expect(value).not.toMatch(/\{\{\s*count\s*\}\}/);
  });

  it('labels the main counter button as the tellers expect', () => {
    expect(messages.en.counter.actions.callNext).toBe('Call next');
    expect(messages['zh-TW'].counter.actions.callNext).toBe('叫號');
    expect(messages['zh-CN'].counter.actions.callNext).toBe('呼叫下一位');
  });

  it('shows the offline banner in Chinese and English', () => {
    expect(messages['zh-CN'].common.offline.title).toBe('无法连接排队服务器，正在离线工作');
    expect(messages.en.common.offline.title).toBe('Cannot reach the queue server — working offline');
  });

  it('says every reason an upload can fail, in every language (the host sends only the code)', () => {
    for (const lang of LANGS) {
      const said = messages[lang].recording.uploadFailures as Record<string, string>;
      expect(Object.keys(said).sort(), lang).toEqual([...UploadFailureCode.options].sort());
    }
  });
});
