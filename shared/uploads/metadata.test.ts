import { describe, expect, it } from 'vitest';
import { encodeUploadMetadata, parseUploadMetadata } from './metadata.js';
import { UploadStatus } from './status.js';

const good = { recordId: '01JD3Z6Q5X8M4N2P7R9S0T1V2W', sha256: 'a'.repeat(64), size: 5_000_000, contentType: 'audio/ogg', branchId: 'demo-001' };

describe('upload metadata', () => {
  it('round-trips through the string form tus carries', () => {
    expect(parseUploadMetadata(encodeUploadMetadata(good))).toEqual(good);
  });

  it('drops keys it does not know, so nothing unvetted (a file name) is kept', () => {
    expect(parseUploadMetadata({ ...encodeUploadMetadata(good), filename: 'Mme Dupont.ogg' })).toEqual(good);
  });

  it.each([
    ['a record id that is not a ULID', { recordId: 'abc' }],
    ['a ULID whose time overflows', { recordId: '8ZZZZZZZZZZZZZZZZZZZZZZZZZ' }],
    ['an upper-case or short hash', { sha256: 'A'.repeat(64) }],
    ['a size that is not a positive decimal', { size: '0' }],
    ['a size with a sign', { size: '+12' }],
    ['a size in exponent form', { size: '1e6' }],
    ['a content type with parameters', { contentType: 'audio/ogg; codecs=opus' }],
    ['an empty branch', { branchId: '' }],
  ])('refuses %s', (_name, patch) => {
    expect(() => parseUploadMetadata({ ...encodeUploadMetadata(good), ...patch })).toThrow();
  });

  it('refuses a missing key, including a key sent without a value', () => {
    const { sha256: _drop, ...rest } = encodeUploadMetadata(good);
    expect(() => parseUploadMetadata(rest)).toThrow();
    expect(() => parseUploadMetadata({ ...rest, sha256: null })).toThrow();
    expect(() => parseUploadMetadata(undefined)).toThrow();
  });
});

describe('upload status', () => {
  it('ties verified to its state and to a hash', () => {
    expect(UploadStatus.safeParse({ recordId: good.recordId, verified: true, state: 'verified', sha256: good.sha256 }).success).toBe(true);
    expect(UploadStatus.safeParse({ recordId: good.recordId, verified: true, state: 'uploading', sha256: good.sha256 }).success).toBe(false);
    expect(UploadStatus.safeParse({ recordId: good.recordId, verified: true, state: 'verified' }).success).toBe(false);
  });
});
