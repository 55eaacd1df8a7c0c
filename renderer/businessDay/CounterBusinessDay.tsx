import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BranchConfig, Counter } from '../../shared/config/schema.js';
import { checklistDone } from '../../shared/businessDay/completeness.js';
import { noOpeningOn, readinessOn, readinessState } from '../../shared/businessDay/readiness.js';
import { DOC_TYPES, checklistDocId, readRecord } from '../../shared/businessDay/records.js';
import type { ShiftHandover } from '../../shared/businessDay/records.js';
import { businessDayOf } from '../../shared/queue/rules/businessDay.js';
import { useLang, useLocalized } from '../i18n/index.js';
import { counterDb } from '../device/db.js';
import { useNow } from '../queue/useQueue.js';
import { formatClock } from '../ui/format.js';
import { HandoverDialog } from './HandoverDialog.js';
import { OpeningChecklistDialog } from './OpeningChecklistDialog.js';
import { useLocalDocs } from './useLocalDocs.js';
import './businessDay.css';

/** The words of a day without an opening time (shared/businessDay/readiness.ts noOpeningOn). */
const NO_OPENING_KEY = { closed: 'closedToday', all_day: 'allDay', through_midnight: 'throughMidnight' } as const;

/**
 * The counter's business-day strip: when the window must be ready, whether today's opening
 * checklist is done (from this device's own records), and the checklist and handover forms.
 */
export function CounterBusinessDay({ config, counter }: { config: BranchConfig; counter: Counter }) {
  const { t } = useTranslation();
  const lang = useLang();
  const local = useLocalized();
  const now = useNow(15_000);
  const tz = config.hours.timezone;
  const day = businessDayOf(now, tz);
  const docs = useLocalDocs(counterDb(counter.number), day);
  const [dialog, setDialog] = useState<'checklist' | 'handover' | null>(null);
  const [saved, setSaved] = useState<'checklist' | 'handover' | null>(null);
  // Stable: the dialog re-focuses its first field whenever onClose changes, and this strip
  // re-renders every few seconds.
  const close = useCallback(() => setDialog(null), []);
  useEffect(() => {
    if (!saved) return;
    const id = setTimeout(() => setSaved(null), 4000);
    return () => clearTimeout(id);
  }, [saved]);

  const templates = config.standards.businessDay;
  const checklistDoc = docs?.find((d) => d.docType === DOC_TYPES.openingChecklist && d.docId === checklistDocId(day, counter.number));
  const checklist = checklistDoc ? readRecord(DOC_TYPES.openingChecklist, checklistDoc.fields).value : null;
  const done = checklistDone(templates.openingChecklist, checklist);
  const readiness = readinessOn(config.hours, day, config.standards.readyMinutesBeforeOpening);
  const state = readinessState(readiness, now, done);
  const handovers = (docs ?? [])
    .filter((d) => d.docType === DOC_TYPES.shiftHandover)
    .map((d) => readRecord(DOC_TYPES.shiftHandover, d.fields).value)
    .filter((h): h is Partial<ShiftHandover> & { handedOverAt: string } => h.counter === counter.number && typeof h.handedOverAt === 'string')
    .sort((a, b) => (a.handedOverAt < b.handedOverAt ? -1 : 1));
  const last = handovers[handovers.length - 1];
  const name = (id: string | undefined) => {
    const s = config.staff.find((x) => x.id === id);
    return s ? local(s.name) : (id ?? '');
  };
  const clock = (iso: string) => formatClock(new Date(iso), lang, tz);

  return (
    <section className={`bizday-bar bizday-bar--${state}`} data-testid="bizday-bar" data-state={state} data-loaded={docs !== null}>
      <span className="bizday-bar__title">{t('businessDay.title')}</span>
      <span className="bizday-bar__when">
        {readiness ? t('businessDay.readiness.opens', { opens: readiness.opens, readyBy: readiness.readyBy }) : t(`businessDay.readiness.${NO_OPENING_KEY[noOpeningOn(config.hours, day) ?? 'closed']}`)}
      </span>
      <span className={`bizday-chip bizday-chip--${state}`} data-testid="bizday-checklist-state" data-done={done}>
        {done && checklist?.submittedAt ? t('businessDay.readiness.done', { time: clock(checklist.submittedAt) }) : t(`businessDay.readiness.${state === 'done' ? 'upcoming' : state}`)}
      </span>
      <button type="button" className={`button button--small${done ? '' : ' button--primary'}`} data-testid="bizday-open-checklist" onClick={() => setDialog('checklist')}>
        {t('businessDay.counter.checklistButton')}
      </button>
      <span className="bizday-bar__spacer" />
      {saved && (
        <span className="bizday-bar__saved" role="status" data-testid="bizday-saved">
          {t(saved === 'checklist' ? 'businessDay.checklist.saved' : 'businessDay.handover.saved')}
        </span>
      )}
      <span className="bizday-bar__handovers" data-testid="bizday-handover-count" data-count={handovers.length}>
        {t('businessDay.counter.handoversToday', { n: handovers.length })}
        {last && <span className="muted"> · {t('businessDay.counter.lastHandover', { from: name(last.fromStaffId), to: name(last.toStaffId), time: clock(last.handedOverAt) })}</span>}
      </span>
      <button type="button" className="button button--small" data-testid="bizday-open-handover" onClick={() => setDialog('handover')}>
        {t('businessDay.counter.handoverButton')}
      </button>
      {dialog === 'checklist' && (
        <OpeningChecklistDialog
          config={config}
          counter={counter}
          day={day}
          existing={checklist}
          onClose={close}
          onSaved={() => {
            setDialog(null);
            setSaved('checklist');
          }}
        />
      )}
      {dialog === 'handover' && (
        <HandoverDialog
          config={config}
          counter={counter}
          day={day}
          onClose={close}
          onSaved={() => {
            setDialog(null);
            setSaved('handover');
          }}
        />
      )}
    </section>
  );
}
