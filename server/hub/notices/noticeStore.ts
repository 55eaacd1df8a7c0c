import { QueueError } from '../../../shared/api/errors.js';
import { newId } from '../../../shared/ids.js';
import { CONFIG_NOTICES, HqNoticesDoc, Notice, NoticeChange } from '../../../shared/notices/schema.js';
import type { NoticeDraft, NoticeEdit } from '../../../shared/notices/schema.js';
import type { SqlDb, SqlTx } from '../../db/sqlDb.js';

/** A branch keeps at most this many notices not withdrawn: the hall rolls them, a wall of them helps nobody. */
export const MAX_OPEN_NOTICES = 50;

/**
 * The hub's notices: the lead's own (tables `notices`, `notice_changes`), each change written
 * with its notice in one transaction; and head office's, read from the configuration documents
 * the hub pulled ("*" and this branch's key), never copied, so a new document replaces them.
 */
export class NoticeStore {
  constructor(
    private readonly db: SqlDb,
    private readonly branchId: () => string,
  ) {}

  /** Every notice: the branch's (withdrawn ones too) and head office's in force. */
  async all(): Promise<Notice[]> {
    return [...(await this.hqNotices()), ...(await this.branchNotices())];
  }

  async branchNotices(): Promise<Notice[]> {
    const { rows } = await this.db.query<{ doc: unknown }>('select doc from notices order by id');
    return rows.map((r) => Notice.parse(r.doc));
  }

  /**
   * Head office's notices from the pulled `config.notices` documents. A document that does not
   * read (written by a newer head office) is left out rather than shown half-understood.
   */
  async hqNotices(): Promise<Notice[]> {
    const { rows } = await this.db.query<{ key: string; version: number | string; body: unknown; updated_at: Date | string }>(
      `select key, version, body, updated_at from config_docs where kind = $1 and key in ($2, '*') order by key`,
      [CONFIG_NOTICES, this.branchId()],
    );
    const out: Notice[] = [];
    for (const row of rows) {
      const doc = HqNoticesDoc.safeParse(row.body);
      if (!doc.success) continue;
      const updatedAt = new Date(row.updated_at).toISOString();
      for (const n of doc.data.notices) {
        out.push({
          id: n.id,
          version: Number(row.version),
          origin: 'hq',
          text: n.text,
          image: n.image,
          schedule: n.schedule,
          publishedBy: n.publishedBy,
          publishedAt: n.publishedAt,
          updatedBy: n.publishedBy,
          updatedAt,
          withdrawnBy: null,
          withdrawnAt: null,
        });
      }
    }
    return out;
  }

  async changes(): Promise<NoticeChange[]> {
    const { rows } = await this.db.query<{ notice_id: string; version: number; action: NoticeChange['action']; by_staff: string; at: Date | string }>(
      'select notice_id, version, action, by_staff, at from notice_changes order by notice_id, version',
    );
    return rows.map((r) => NoticeChange.parse({ noticeId: r.notice_id, version: Number(r.version), action: r.action, by: r.by_staff, at: new Date(r.at).toISOString() }));
  }

  async publish(draft: NoticeDraft, by: string, now: Date): Promise<Notice> {
    const at = now.toISOString();
    const notice: Notice = { id: newId(), version: 1, origin: 'branch', ...draft, publishedBy: by, publishedAt: at, updatedBy: by, updatedAt: at, withdrawnBy: null, withdrawnAt: null };
    return this.db.transaction(async (tx) => {
      const open = await tx.query<{ n: number | string }>(`select count(*) as n from notices where doc->>'withdrawnAt' is null`);
      if (Number(open.rows[0]?.n ?? 0) >= MAX_OPEN_NOTICES) {
        throw new QueueError('conflict', `a branch keeps at most ${MAX_OPEN_NOTICES} notices; withdraw one first`, 'notice_limit');
      }
      await tx.query('insert into notices (id, version, doc, updated_at) values ($1, 1, $2::jsonb, $3)', [notice.id, JSON.stringify(notice), at]);
      await record(tx, notice, 'published', by, at);
      return notice;
    });
  }

  async edit(id: string, edit: NoticeEdit, by: string, now: Date): Promise<Notice> {
    const { version, ...draft } = edit;
    return this.change(id, version, (n, at) => ({ ...n, ...draft, version: n.version + 1, updatedBy: by, updatedAt: at }), 'edited', by, now);
  }

  async withdraw(id: string, version: number, by: string, now: Date): Promise<Notice> {
    return this.change(id, version, (n, at) => ({ ...n, version: n.version + 1, updatedBy: by, updatedAt: at, withdrawnBy: by, withdrawnAt: at }), 'withdrawn', by, now);
  }

  private async change(id: string, version: number, next: (n: Notice, at: string) => Notice, action: NoticeChange['action'], by: string, now: Date): Promise<Notice> {
    const at = now.toISOString();
    const changed = await this.db.transaction(async (tx) => {
      // Locked for the change, so two leads editing at once cannot both win on the same version.
      const { rows } = await tx.query<{ doc: unknown }>('select doc from notices where id = $1 for update', [id]);
      if (!rows[0]) return null;
      const current = Notice.parse(rows[0].doc);
      if (current.withdrawnAt !== null) throw new QueueError('conflict', 'this notice was withdrawn; publish a new one', 'notice_withdrawn');
      if (current.version !== version) throw new QueueError('conflict', `this notice changed since (version ${current.version}, not ${version}); reload it`, 'notice_changed');
      const after = Notice.parse(next(current, at));
      await tx.query('update notices set version = $2, doc = $3::jsonb, updated_at = $4 where id = $1', [id, after.version, JSON.stringify(after), at]);
      await record(tx, after, action, by, at);
      return after;
    });
    if (changed) return changed;
    if ((await this.hqNotices()).some((n) => n.id === id)) {
      throw new QueueError('forbidden', "head office's notices are changed by head office", 'notice_from_head_office');
    }
    throw new QueueError('not_found', `no notice ${id}`);
  }
}

async function record(tx: SqlTx, notice: Notice, action: NoticeChange['action'], by: string, at: string): Promise<void> {
  await tx.query('insert into notice_changes (notice_id, version, action, by_staff, at, doc) values ($1, $2, $3, $4, $5, $6::jsonb)', [notice.id, notice.version, action, by, at, JSON.stringify(notice)]);
}
