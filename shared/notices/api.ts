import { z } from 'zod';
import { Notice, NoticeChange } from './schema.js';

/** The hub's notice routes (server/hub/notices/noticeRoutes.ts, docs/notices.md). */
export const NOTICES_API = {
  /** The notices in force now, for the hall (any enrolled device of the branch). */
  active: '/api/v1/notices/active',
  /** Every notice with its changes, for the lead's panel. */
  list: '/api/v1/notices',
  create: '/api/v1/notices',
  update: '/api/v1/notices/:id',
  withdraw: '/api/v1/notices/:id/withdraw',
} as const;

export const noticePath = (id: string) => `/api/v1/notices/${encodeURIComponent(id)}`;
export const withdrawPath = (id: string) => `${noticePath(id)}/withdraw`;

export const ActiveNotices = z.object({ at: z.iso.datetime({ offset: true }), notices: z.array(Notice) });
export type ActiveNotices = z.infer<typeof ActiveNotices>;

export const NoticeWithHistory = Notice.extend({ changes: z.array(NoticeChange), activeNow: z.boolean() });
export type NoticeWithHistory = z.infer<typeof NoticeWithHistory>;

export const NoticeList = z.object({ notices: z.array(NoticeWithHistory) });
export type NoticeList = z.infer<typeof NoticeList>;

export const NoticeAnswer = z.object({ notice: Notice });
