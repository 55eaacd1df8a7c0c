import { useEffect, useState } from 'react';
import type { MouseEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ComplaintReminderMessage, ComplaintView } from '../../shared/complaints/api.js';
import type { BranchConfig } from '../../shared/config/schema.js';
import { useLang } from '../i18n/index.js';
import { withLang } from '../i18n/lang.js';
import { subscribeStreamMessages } from '../queue/store.js';
import { formatDateTime } from '../ui/format.js';
import { followInPage } from '../ui/navigate.js';
import { fetchComplaint } from './complaintsApi.js';
import { useStaffName } from './parts.js';

/** Reminders kept on screen at once; older ones beyond it wait behind the newest. */
const MAX_SHOWN = 5;

/** Dismissed reminder keys of this page's life: a reconnect sends standing reminders again, a dismissed one stays away. */
const dismissedKeys = new Set<string>();

/**
 * Reminders that arrived while no notice list was on screen. The hub sends the standing ones as
 * soon as the stream opens, which is before the sign-in that brings the list up (the lead
 * station's list shows with its session): kept here, the list starts with them.
 */
let early: ComplaintReminderMessage[] = [];
let mounted = 0;
subscribeStreamMessages((m) => {
  if (mounted > 0 || m.type !== 'complaint.reminder' || early.some((x) => x.key === m.key)) return;
  early = [...early, m].slice(-50);
});

/** What a notice says about the complaint, once the hub answered (this viewer may read it). */
interface About {
  category: ComplaintView['category'];
  ticketNumber: string | null;
}

/** The short reference of a complaint the screens use when nothing else names it (its id's tail). */
export function complaintRef(id: string): string {
  return id.slice(-6).toUpperCase();
}

/**
 * The supervision reminders (督办) the hub pushes on the stream (`complaint.reminder`): to every
 * lead station, and to the counter where the complaint's owner is signed in. Each stays on
 * screen, naming the complaint and its deadline, until it is dismissed; the lead's notice links
 * to the complaint's page. The hub sends the standing ones again on every connection, so a
 * reminder raised while the screen was off is seen when it comes back.
 */
export function ComplaintReminders({ config, linkToComplaint = false }: { config: BranchConfig; linkToComplaint?: boolean }) {
  const { t } = useTranslation();
  const lang = useLang();
  const staffName = useStaffName(config);
  const [shown, setShown] = useState<ComplaintReminderMessage[]>([]);
  const [about, setAbout] = useState<Record<string, About>>({});

  useEffect(() => {
    mounted++;
    const add = (m: ComplaintReminderMessage) => {
      if (dismissedKeys.has(m.key)) return;
      setShown((list) => (list.some((x) => x.key === m.key) ? list : [...list, m]));
    };
    for (const m of early) add(m);
    early = [];
    const stop = subscribeStreamMessages((m) => {
      if (m.type === 'complaint.reminder') add(m);
    });
    return () => {
      mounted--;
      stop();
    };
  }, []);

  // Names the complaint (category, ticket) where the hub lets this viewer read it; the reference alone otherwise.
  const ids = [...new Set(shown.map((m) => m.complaintId))].filter((id) => !(id in about)).join(',');
  useEffect(() => {
    if (ids === '') return;
    let stopped = false;
    for (const id of ids.split(',')) {
      fetchComplaint(id)
        .then((d) => {
          if (!stopped) setAbout((a) => ({ ...a, [id]: { category: d.complaint.category, ticketNumber: d.complaint.service?.ticketNumber ?? null } }));
        })
        .catch(() => undefined);
    }
    return () => {
      stopped = true;
    };
  }, [ids]);

  if (shown.length === 0) return null;
  const dismiss = (key: string) => {
    dismissedKeys.add(key);
    setShown((list) => list.filter((x) => x.key !== key));
  };

  return (
    <section className="complaint-reminders" aria-label={t('complaintScreens.reminder.title')} data-testid="complaint-reminders">
      {shown.slice(-MAX_SHOWN).map((m) => {
        const ref = complaintRef(m.complaintId);
        const a = about[m.complaintId];
        const href = withLang(`/lead/complaints/${encodeURIComponent(m.complaintId)}`, lang);
        const name = t('complaintScreens.reminder.complaint', { ref });
        return (
          <div key={m.key} className={`complaint-reminder complaint-reminder--${m.kind}`} role="alert" data-testid="complaint-reminder" data-kind={m.kind} data-complaint={m.complaintId}>
            <strong className="complaint-reminder__kind">{t(`complaints.reminders.${m.kind}`)}</strong>
            <span className="complaint-reminder__what">
              {linkToComplaint ? (
                <a href={href} onClick={(e: MouseEvent) => followInPage(e, href)} data-testid="complaint-reminder-link">
                  {name}
                </a>
              ) : (
                name
              )}
              {a && ` · ${t(`complaints.categories.${a.category}`)}`}
              {a?.ticketNumber && ` · ${t('complaintScreens.reminder.ticket', { number: a.ticketNumber })}`}
            </span>
            <span className="complaint-reminder__deadline" data-testid="complaint-reminder-deadline">
              {t('complaintScreens.reminder.deadline', { time: formatDateTime(new Date(m.deadline), lang, config.hours.timezone) })}
            </span>
            <span className="complaint-reminder__owner">{t('complaintScreens.reminder.owner', { name: staffName(m.ownerId) })}</span>
            <button type="button" className="button button--small" onClick={() => dismiss(m.key)} aria-label={t('complaintScreens.reminder.dismissLabel', { ref })} data-testid="complaint-reminder-dismiss">
              {t('complaintScreens.reminder.dismiss')}
            </button>
          </div>
        );
      })}
    </section>
  );
}
