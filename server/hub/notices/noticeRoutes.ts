import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { ZodType } from 'zod';
import { QueueError } from '../../../shared/api/errors.js';
import { activeNotices } from '../../../shared/notices/active.js';
import { NOTICES_API } from '../../../shared/notices/api.js';
import type { ActiveNotices, NoticeList } from '../../../shared/notices/api.js';
import { NOTICE_REFUSALS, NoticeDraft, NoticeEdit, NoticeWithdraw } from '../../../shared/notices/schema.js';
import type { SqlDb } from '../../db/sqlDb.js';
import { bodyOf } from '../../http/body.js';
import { NoticeStore } from './noticeStore.js';

export interface NoticeRoutesOptions {
  db: SqlDb;
  /** The branch's configuration now (its id and time zone). */
  config: () => { branchId: string; hours: { timezone: string } };
  now?: () => Date;
}

const IdParam = z.object({ id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'a notice id is 1 to 64 letters, digits, _ or -') }).strict();

/**
 * A body read with its schema; a refusal names the first typed reason the schema gives (an image
 * too large, a schedule ending before it starts, ...) so the lead's panel says which.
 */
function parseBody<T extends ZodType>(schema: T, req: FastifyRequest): z.infer<T> {
  const parsed = schema.safeParse(bodyOf(req));
  if (parsed.success) return parsed.data;
  const reason = parsed.error.issues
    .map((i) => (i as { params?: { reason?: unknown } }).params?.reason)
    .find((r): r is string => typeof r === 'string' && (NOTICE_REFUSALS as readonly string[]).includes(r));
  throw new QueueError('bad_request', z.prettifyError(parsed.error), reason);
}

/**
 * The hall notices (docs/notices.md): the hall reads those in force now; a lead signed in at a
 * lead station publishes, changes and withdraws the branch's own (the access table); head
 * office's arrive with the configuration sync and are read-only here.
 */
export function registerNoticeRoutes(app: FastifyInstance, opts: NoticeRoutesOptions): NoticeStore {
  const now = opts.now ?? (() => new Date());
  const store = new NoticeStore(opts.db, () => opts.config().branchId);
  /** The person signed in at the lead station (the gate checked the capability); never a name from the body. */
  const author = (req: FastifyRequest): string => {
    const staffId = req.actor?.session?.staffId;
    if (staffId === undefined) throw new QueueError('forbidden', 'sign in at the lead station first', 'session_required');
    return staffId;
  };

  app.get(NOTICES_API.active, async (): Promise<ActiveNotices> => {
    const at = now();
    return { at: at.toISOString(), notices: activeNotices(await store.all(), at, opts.config().hours.timezone) };
  });

  app.get(NOTICES_API.list, async (): Promise<NoticeList> => {
    const at = now();
    const [notices, changes] = [await store.all(), await store.changes()];
    const active = new Set(activeNotices(notices, at, opts.config().hours.timezone).map((n) => n.id));
    return {
      notices: notices
        .map((n) => ({ ...n, activeNow: active.has(n.id), changes: changes.filter((c) => c.noticeId === n.id) }))
        .sort((a, b) => Number(a.withdrawnAt !== null) - Number(b.withdrawnAt !== null) || b.updatedAt.localeCompare(a.updatedAt)),
    };
  });

  app.post(NOTICES_API.create, async (req, reply) => {
    const draft = parseBody(NoticeDraft, req);
    return reply.status(201).send({ notice: await store.publish(draft, author(req), now()) });
  });

  app.post(NOTICES_API.update, async (req) => {
    const { id } = IdParam.parse(req.params);
    const edit = parseBody(NoticeEdit, req);
    return { notice: await store.edit(id, edit, author(req), now()) };
  });

  app.post(NOTICES_API.withdraw, async (req) => {
    const { id } = IdParam.parse(req.params);
    const { version } = parseBody(NoticeWithdraw, req);
    return { notice: await store.withdraw(id, version, author(req), now()) };
  });

  return store;
}
