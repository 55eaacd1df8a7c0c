import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { BranchConfig } from '../../shared/config/schema.js';
import type { NoticeWithHistory } from '../../shared/notices/api.js';
import { NOTICE_REFUSALS, noticeLine } from '../../shared/notices/schema.js';
import type { ALL_WEEKDAYS, Notice, NoticeSchedule } from '../../shared/notices/schema.js';
import type { Lang } from '../../shared/i18n/localized.js';
import { errorText } from '../i18n/errorText.js';
import { useLang } from '../i18n/index.js';
import { useNow } from '../queue/useQueue.js';
import { formatDateTime, formatDayMonth, localDate } from '../ui/format.js';
import { NoticeForm, blankNotice, draftOf, formOf } from './NoticeForm.js';
import type { NoticeFormValue } from './NoticeForm.js';
import { editNotice, fetchNoticeList, publishNotice, withdrawNotice } from './noticesApi.js';
import './notices.css';

type Editing = { kind: 'none' } | { kind: 'new' } | { kind: 'edit'; notice: Notice };
type State = 'showing' | 'scheduled' | 'ended' | 'withdrawn';

/** The hub's refusal in words, with the notice routes' own reasons (notices.refusals.*). */
function noticeError(t: TFunction, err: unknown): string {
  const overrides = Object.fromEntries(NOTICE_REFUSALS.map((r) => [r, t(`notices.refusals.${r}`)]));
  return errorText(t, err, overrides);
}

function stateOf(n: NoticeWithHistory, today: string): State {
  if (n.withdrawnAt !== null) return 'withdrawn';
  if (n.activeNow) return 'showing';
  return n.schedule.to < today ? 'ended' : 'scheduled';
}

/**
 * The lead's hall notices (issue 14, digital media): publish a notice with its words, a picture
 * and its schedule, change it, withdraw it, and read who did what when. Head office's notices are
 * listed too, read-only. The hub decides who may (a lead signed in here); the panel only asks.
 */
export function NoticesPanel({ config }: { config: BranchConfig }) {
  const { t } = useTranslation();
  const lang = useLang();
  const now = useNow(30_000);
  const today = localDate(now, config.hours.timezone);
  const [notices, setNotices] = useState<NoticeWithHistory[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [editing, setEditing] = useState<Editing>({ kind: 'none' });
  const [busy, setBusy] = useState(false);
  const [saveError, setSaveError] = useState<string | null>(null);

  const reload = useCallback(async () => {
    try {
      setNotices(await fetchNoticeList());
      setLoadError(null);
    } catch (err) {
      setLoadError(noticeError(t, err));
    }
  }, [t]);

  useEffect(() => {
    void reload();
  }, [reload]);

  const save = async (v: NoticeFormValue) => {
    setBusy(true);
    setSaveError(null);
    try {
      if (editing.kind === 'edit') await editNotice(editing.notice.id, editing.notice.version, draftOf(v));
      else await publishNotice(draftOf(v));
      setEditing({ kind: 'none' });
      await reload();
    } catch (err) {
      setSaveError(noticeError(t, err));
    } finally {
      setBusy(false);
    }
  };

  const withdraw = async (n: Notice) => {
    if (!window.confirm(t('notices.panel.withdrawConfirm'))) return;
    setSaveError(null);
    try {
      await withdrawNotice(n.id, n.version);
    } catch (err) {
      setSaveError(noticeError(t, err));
    }
    await reload();
  };

  const nameOf = (id: string): string => {
    const staff = config.staff.find((s) => s.id === id);
    return staff ? staff.name[lang] : id;
  };

  return (
    <section className="board__section notices-panel" data-testid="notices-panel">
      <div className="notices-panel__head">
        <h2>{t('notices.panel.title')}</h2>
        <div className="notices-panel__head-actions">
          <button type="button" className="button button--small" onClick={() => void reload()} data-testid="notices-refresh">
            {t('notices.panel.refresh')}
          </button>
          <button
            type="button"
            className="button button--primary button--small"
            disabled={editing.kind !== 'none'}
            onClick={() => {
              setSaveError(null);
              setEditing({ kind: 'new' });
            }}
            data-testid="notice-new"
          >
            {t('notices.panel.new')}
          </button>
        </div>
      </div>
      <p className="notices-panel__intro">{t('notices.panel.intro')}</p>
      {loadError && (
        <p className="notices-panel__error" role="alert" data-testid="notices-load-error">
          {t('notices.panel.loadFailed', { message: loadError })}
        </p>
      )}
      {saveError && (
        <p className="notices-panel__error" role="alert" data-testid="notices-save-error">
          {t('notices.panel.saveFailed', { message: saveError })}
        </p>
      )}
      {editing.kind !== 'none' && (
        <NoticeForm
          key={editing.kind === 'edit' ? `${editing.notice.id}:${editing.notice.version}` : 'new'}
          initial={editing.kind === 'edit' ? formOf(editing.notice) : blankNotice(today)}
          editing={editing.kind === 'edit'}
          busy={busy}
          onSubmit={(v) => void save(v)}
          onCancel={() => {
            setEditing({ kind: 'none' });
            setSaveError(null);
          }}
        />
      )}
      {notices && notices.length === 0 && <p className="muted">{t('notices.panel.empty')}</p>}
      {notices && notices.length > 0 && (
        <ul className="notices-panel__list">
          {notices.map((n) => (
            <NoticeCard
              key={`${n.origin}:${n.id}`}
              notice={n}
              state={stateOf(n, today)}
              lang={lang}
              timeZone={config.hours.timezone}
              nameOf={nameOf}
              onEdit={editing.kind === 'none' ? () => setEditing({ kind: 'edit', notice: n }) : null}
              onWithdraw={() => void withdraw(n)}
            />
          ))}
        </ul>
      )}
    </section>
  );
}

function scheduleText(t: TFunction, s: NoticeSchedule, lang: Lang): string {
  const days = s.days.length === 7 ? t('notices.panel.everyDay') : s.days.map((d) => t(`notices.panel.weekdays.d${d as (typeof ALL_WEEKDAYS)[number]}`)).join(' ');
  const span = s.from === s.to ? formatDayMonth(s.from, lang) : `${formatDayMonth(s.from, lang)} – ${formatDayMonth(s.to, lang)}`;
  const hours = s.dailyFrom && s.dailyTo ? t('notices.panel.window', { from: s.dailyFrom, to: s.dailyTo }) : t('notices.panel.allDay');
  return `${span} · ${days} · ${hours}`;
}

function NoticeCard({
  notice: n,
  state,
  lang,
  timeZone,
  nameOf,
  onEdit,
  onWithdraw,
}: {
  notice: NoticeWithHistory;
  state: State;
  lang: Lang;
  timeZone: string;
  nameOf: (id: string) => string;
  onEdit: (() => void) | null;
  onWithdraw: () => void;
}) {
  const { t } = useTranslation();
  const main = noticeLine(n.text, lang);
  const others = (['zh-CN', 'zh-TW', 'en'] as const).map((l) => n.text[l]).filter((x) => x.length > 0 && x !== main);
  const fromBranch = n.origin === 'branch';
  const at = (iso: string) => formatDateTime(new Date(iso), lang, timeZone);
  return (
    <li className={`notice-card${state === 'withdrawn' ? ' is-withdrawn' : ''}`} data-testid="notice-card" data-notice-id={n.id} data-state={state} data-origin={n.origin}>
      {n.image ? <img className="notice-card__thumb" src={n.image} alt="" /> : <span className="notice-card__thumb notice-card__thumb--empty">✎</span>}
      <div className="notice-card__body">
        <div className="notice-card__tags">
          <span className={`notice-tag notice-tag--${state}`}>{t(`notices.panel.state.${state}`)}</span>
          <span className={`notice-tag${fromBranch ? '' : ' notice-tag--hq'}`}>{t(`notices.panel.origin.${n.origin}`)}</span>
        </div>
        <p className="notice-card__text" data-testid="notice-card-text">
          {main}
        </p>
        {others.map((x) => (
          <p key={x} className="notice-card__text-other">
            {x}
          </p>
        ))}
        <p className="notice-card__meta">{scheduleText(t, n.schedule, lang)}</p>
        <p className="notice-card__meta">{t('notices.panel.published', { who: fromBranch ? nameOf(n.publishedBy) : n.publishedBy, at: at(n.publishedAt) })}</p>
        {!fromBranch && <p className="notice-card__meta">{t('notices.panel.hqReadOnly')}</p>}
        {n.changes.length > 1 && (
          <details className="notice-card__history">
            <summary>{t('notices.panel.history')}</summary>
            <ol>
              {n.changes.map((c) => (
                <li key={c.version}>{t('notices.panel.changeLine', { at: at(c.at), who: nameOf(c.by), action: t(`notices.panel.action.${c.action}`), version: c.version })}</li>
              ))}
            </ol>
          </details>
        )}
      </div>
      {fromBranch && state !== 'withdrawn' && (
        <div className="notice-card__actions">
          <button type="button" className="button button--small" disabled={onEdit === null} onClick={() => onEdit?.()} data-testid="notice-edit">
            {t('notices.panel.edit')}
          </button>
          <button type="button" className="button button--small" onClick={onWithdraw} data-testid="notice-withdraw">
            {t('notices.panel.withdraw')}
          </button>
        </div>
      )}
    </li>
  );
}
