import { z } from 'zod';
import { MAX_RECORD_BODY_BYTES } from '../../shared/sync/protocol.js';
import type { RejectedRecord, SyncRecord } from '../../shared/sync/protocol.js';
import { isKnownPushedKind, pushedKinds } from '../../shared/sync/kinds.js';

/**
 * Whether one record can ever be stored as it is. A refusal here is about the record alone, so
 * it is dead-lettered and the rest of its batch is stored: one bad record never blocks an
 * outbox. Kinds this server does not know are stored as they are (a newer device may know them).
 *
 * `bodyJson` is the record's body as the store serialises it, made once by the caller.
 */
export function checkRecord(record: SyncRecord, bodyJson: string): RejectedRecord | null {
  // A UTF-8 byte is at most 3 per UTF-16 unit: most bodies need no exact count.
  const bodyBytes = bodyJson.length * 3 <= MAX_RECORD_BODY_BYTES ? 0 : Buffer.byteLength(bodyJson, 'utf8');
  if (bodyBytes > MAX_RECORD_BODY_BYTES) {
    return { id: record.id, code: 'too_large', message: `the record body is ${bodyBytes} bytes; at most ${MAX_RECORD_BODY_BYTES} are stored` };
  }
  // Valid JSON that PostgreSQL cannot hold: without this check the whole batch would fail, every retry.
  if (hasUnstorableText(bodyJson) || ENVELOPE_TEXT.some((field) => isUnstorable(record[field]))) {
    return { id: record.id, code: 'unstorable_text', message: 'the record holds a NUL character or a lone UTF-16 surrogate, which the database cannot store' };
  }
  if (!Number.isFinite(Date.parse(record.wallAt))) {
    return { id: record.id, code: 'invalid_time', message: `wallAt ${record.wallAt} is not a real instant` };
  }
  if (isKnownPushedKind(record.kind)) {
    const parsed = pushedKinds[record.kind].safeParse(record.body);
    if (!parsed.success) return { id: record.id, code: 'invalid_body', message: `bad ${record.kind} body: ${z.prettifyError(parsed.error)}` };
  }
  return null;
}

/** The record's own text fields (the body is checked as JSON). */
const ENVELOPE_TEXT = ['id', 'kind', 'branchId', 'deviceId', 'hlc', 'wallAt'] as const;

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** NUL or a lone UTF-16 surrogate in a raw string. */
function isUnstorable(text: string): boolean {
  return text.includes('\0') || LONE_SURROGATE.test(text);
}

/**
 * JSON.stringify writes NUL as \u0000 and a lone surrogate as \udXXX (a well-formed pair stays
 * raw); an escape counts when an even number of backslashes precedes it. PostgreSQL's jsonb and
 * text refuse both.
 */
const UNSTORABLE = /(?<!\\)((?:\\\\)*)\\u(?:0000|d[89a-f][0-9a-f]{2})/gi;

export function hasUnstorableText(json: string): boolean {
  if (!json.includes('\\u')) return false;
  UNSTORABLE.lastIndex = 0;
  return UNSTORABLE.test(json);
}

/** The same JSON with every unstorable character replaced by U+FFFD: how a refused record is kept. */
export function storableJson(json: string): string {
  return hasUnstorableText(json) ? json.replace(UNSTORABLE, '$1\\ufffd') : json;
}
