import type { z } from 'zod';
import { QueueError } from '../../shared/api/errors.js';
import { ActiveNotices, NOTICES_API, NoticeAnswer, NoticeList, noticePath, withdrawPath } from '../../shared/notices/api.js';
import type { NoticeWithHistory } from '../../shared/notices/api.js';
import type { Notice, NoticeDraftInput } from '../../shared/notices/schema.js';
import { hubRequest } from '../api/hub.js';

/**
 * The hub's notice routes (server/hub/notices/noticeRoutes.ts). The page's device token and the
 * lead's session go with every request (api/credentials.ts); the hub decides who may publish.
 */

function parse<T extends z.ZodType>(schema: T, value: unknown, what: string): z.infer<T> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new QueueError('internal', `the queue server sent a malformed ${what}`);
  return parsed.data;
}

export async function fetchActiveNotices(): Promise<Notice[]> {
  return parse(ActiveNotices, await hubRequest(NOTICES_API.active, { timeoutMs: 8000 }), 'notice list').notices;
}

export async function fetchNoticeList(): Promise<NoticeWithHistory[]> {
  return parse(NoticeList, await hubRequest(NOTICES_API.list, { timeoutMs: 8000 }), 'notice list').notices;
}

export async function publishNotice(draft: NoticeDraftInput): Promise<Notice> {
  return parse(NoticeAnswer, await hubRequest(NOTICES_API.create, { method: 'POST', body: draft, timeoutMs: 8000 }), 'notice').notice;
}

export async function editNotice(id: string, version: number, draft: NoticeDraftInput): Promise<Notice> {
  return parse(NoticeAnswer, await hubRequest(noticePath(id), { method: 'POST', body: { ...draft, version }, timeoutMs: 8000 }), 'notice').notice;
}

export async function withdrawNotice(id: string, version: number): Promise<Notice> {
  return parse(NoticeAnswer, await hubRequest(withdrawPath(id), { method: 'POST', body: { version } }), 'notice').notice;
}
