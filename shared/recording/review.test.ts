import { describe, expect, it } from 'vitest';
import { ReviewCommentRequest, reviewVoiceOf } from './review.js';

describe('who comments on a recording, and as whom (self-review, seed 004)', () => {
  it('the recorded teller comments on their own service as self', () => {
    expect(reviewVoiceOf({ staffId: 's-1001', mayListen: false }, 's-1001')).toBe('self');
  });
  it('a lead covering a window reviews their own service as self, not as a reviewer of themself', () => {
    expect(reviewVoiceOf({ staffId: 's-9001', mayListen: true }, 's-9001')).toBe('self');
  });
  it("a teller may not comment on a colleague's recording; a lead or auditor comments as the reviewer", () => {
    expect(reviewVoiceOf({ staffId: 's-1002', mayListen: false }, 's-1001')).toBeNull();
    expect(reviewVoiceOf({ staffId: 's-9001', mayListen: true }, 's-1001')).toBe('lead');
  });
  it('a comment is trimmed text of 1 to 1000 characters, nothing else', () => {
    expect(ReviewCommentRequest.parse({ text: '  语气可以更耐心  ' }).text).toBe('语气可以更耐心');
    expect(ReviewCommentRequest.safeParse({ text: '   ' }).success).toBe(false);
    expect(ReviewCommentRequest.safeParse({ text: 'x'.repeat(1001) }).success).toBe(false);
    expect(ReviewCommentRequest.safeParse({ text: 'ok', by: 's-9001' }).success).toBe(false);
  });
});
