import { describe, expect, it } from 'vitest';
import { DocOpBody } from '../sync/kinds.js';
import { mergeOps } from '../sync/lww.js';
import type { DocOp } from '../sync/lww.js';
import { encodeHlc } from '../time/hlc.js';
import { BANK_SCALE, GOV_SCALE } from './scales.js';
import type { RatingRecord } from './schema.js';
import { FOLLOW_UP_DOC_TYPE, followUpFields, followUpOf } from './followUp.js';

const rated = (value: number): RatingRecord => ({
  ticketId: 't-7',
  serviceId: 'svc-7',
  tellerId: 's-1002',
  counter: 2,
  finishedAt: '2025-06-03T02:00:00.000Z',
  status: 'rated',
  value,
  source: 'customer_display',
  ratedAt: '2025-06-03T02:00:09.000Z',
});
const ctx = { ticketNumber: 'A007', serviceCode: 'A', openedAt: new Date('2025-06-03T02:00:09.000Z') };

function ops(docId: string, fields: Record<string, unknown>, wallMs = 1_750_000_000_000, author = 'hub-1.ratings'): DocOp[] {
  return Object.entries(fields).map(([field, value], i) => DocOpBody.parse({ docType: FOLLOW_UP_DOC_TYPE, docId, field, value, hlc: encodeHlc({ wallMs, counter: i, node: author }), author }));
}

describe('follow-up of a low rating', () => {
  it('不满意 on the bank scale opens one, with the answer, ticket, window and teller', () => {
    const fields = followUpFields(rated(1), { ...ctx, scale: BANK_SCALE });
    expect(fields).toEqual({
      origin: 'low_rating',
      status: 'open',
      counter: 2,
      tellerId: 's-1002',
      ticketId: 't-7',
      ticketNumber: 'A007',
      serviceCode: 'A',
      rating: { serviceId: 'svc-7', value: 1, label: { 'zh-CN': '不满意', 'zh-TW': '不滿意', en: 'Dissatisfied' }, scaleId: 'bank-4', source: 'customer_display', ratedAt: '2025-06-03T02:00:09.000Z' },
      openedAt: '2025-06-03T02:00:09.000Z',
    });
  });

  it('none for 一般 or better, nor for a service nobody rated; both government 差评 open one', () => {
    for (const v of [2, 3, 4]) expect(followUpFields(rated(v), { ...ctx, scale: BANK_SCALE })).toBeNull();
    const notRated: RatingRecord = { ...rated(1), status: 'not_rated', value: null, source: null, ratedAt: null };
    expect(followUpFields(notRated, { ...ctx, scale: BANK_SCALE })).toBeNull();
    expect(followUpFields(rated(3), { ...ctx, scale: GOV_SCALE })).toBeNull();
    expect(followUpFields(rated(2), { ...ctx, scale: GOV_SCALE })).toMatchObject({ rating: { label: { 'zh-CN': '不满意' } } });
    expect(followUpFields(rated(1), { ...ctx, scale: GOV_SCALE })).toMatchObject({ rating: { label: { 'zh-CN': '非常不满意' } } });
  });

  it('merged from its ops it reads back whole; a later op from the lead moves its status on', () => {
    const fields = followUpFields(rated(1), { ...ctx, scale: BANK_SCALE })!;
    const created = ops('F1', fields);
    expect(followUpOf(mergeOps(created))).toMatchObject({ id: 'F1', status: 'open', counter: 2, ticketNumber: 'A007', rating: { value: 1 } });
    const later = ops('F1', { status: 'accepted', assignee: 'lead' }, 1_750_000_060_000, 'lead-pc');
    // Order of arrival does not matter: the merge is by HLC.
    expect(followUpOf(mergeOps([...later, ...created]))).toMatchObject({ status: 'accepted' });
  });

  it('is not shown while one of its ops is still missing, nor for another document type', () => {
    const created = ops('F2', followUpFields(rated(1), { ...ctx, scale: BANK_SCALE })!);
    expect(followUpOf(mergeOps(created.filter((o) => o.field !== 'rating')))).toBeNull();
    expect(followUpOf({ docType: 'complaint', docId: 'F2', fields: mergeOps(created).fields })).toBeNull();
  });
});
