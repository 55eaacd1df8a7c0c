import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BranchConfig } from '../../shared/config/schema.js';
import type { DayRecords } from '../../shared/businessDay/api.js';
import { checklistDone, checklistProblems } from '../../shared/businessDay/completeness.js';
import { DOC_TYPES, checklistDocId, meetingDocId, readRecord } from '../../shared/businessDay/records.js';
import type { ShiftHandover } from '../../shared/businessDay/records.js';
import { checklistItems } from '../../shared/businessDay/templates.js';
import { useLang, useLocalized } from '../i18n/index.js';
import { errorText } from '../i18n/errorText.js';
import { useWindowStaffStore } from '../queue/windowStaff.js';
import { formatClock } from '../ui/format.js';
import { fetchDayRecords } from './hubBusinessDay.js';
import { MorningMeetingDialog } from './MorningMeetingDialog.js';
import './businessDay.css';

/** How often the lead's list asks the hub again (counters' records arrive as they sync). */
const REFRESH_MS = 10_000;

/** The lead's view of today's business-day records, and the morning-meeting form. */
export function LeadBusinessDay({ config }: { config: BranchConfig }) {
  const { t } = useTranslation();
  const lang = useLang();
  const local = useLocalized();
  const [data, setData] = useState<DayRecords | null>(null);
  const windowStaff = useWindowStaffStore((s) => s.windows);
  const [error, setError] = useState<string | null>(null);
  const [open, setOpen] = useState(false);
  const [saved, setSaved] = useState(false);
  // Stable: the dialog re-focuses its first field whenever onClose changes, and the list reloads every 10 s.
  const close = useCallback(() => setOpen(false), []);

  const load = useCallback(async () => {
    try {
      setData(await fetchDayRecords());
      setError(null);
    } catch (err) {
      setError(errorText(t, err));
    }
  }, []);
  useEffect(() => {
    void load();
    const id = setInterval(() => void load(), REFRESH_MS);
    return () => clearInterval(id);
  }, [load]);

  const tz = config.hours.timezone;
  const templates = config.standards.businessDay;
  const clock = (iso: string | undefined) => (iso ? formatClock(new Date(iso), lang, tz) : '');
  const name = (id: string | undefined) => {
    const s = config.staff.find((x) => x.id === id);
    return s ? local(s.name) : (id ?? '');
  };
  const itemLabel = new Map(checklistItems(templates.openingChecklist).map((i) => [i.id, i.label]));
  const problemText = (id: string, note: string | undefined) => {
    const label = itemLabel.get(id);
    const item = label ? local(label) : id;
    return note ? t('businessDay.lead.problemItem', { item, note }) : item;
  };
  const day = data?.day ?? null;
  const records = data?.records ?? [];
  const meetingDoc = day ? records.find((r) => r.docType === DOC_TYPES.morningMeeting && r.docId === meetingDocId(day)) : undefined;
  const meeting = meetingDoc ? readRecord(DOC_TYPES.morningMeeting, meetingDoc.fields).value : null;
  const presentCount = meeting?.attendance ? Object.values(meeting.attendance).filter((a) => a === 'present').length : 0;

  return (
    <section className="board__section bizday-lead" data-testid="bizday-lead">
      <div className="bizday-lead__head">
        <h2>{t('businessDay.lead.section')}</h2>
        <button type="button" className="button button--primary" data-testid="bizday-open-meeting" disabled={!day} onClick={() => setOpen(true)}>
          {t('businessDay.lead.meetingButton')}
        </button>
      </div>
      {error && <p className="field__error">{t('businessDay.lead.failed', { message: error })}</p>}
      {!data && !error && <p className="muted">{t('businessDay.lead.loading')}</p>}
      {data && (
        <>
          <p className={`bizday-lead__meeting${meeting?.submittedAt ? ' is-done' : ''}`} data-testid="bizday-lead-meeting" data-done={Boolean(meeting?.submittedAt)}>
            {meeting?.submittedAt
              ? t('businessDay.lead.meetingDone', { chair: meeting.chair ?? '', time: meeting.startedAt ?? clock(meeting.submittedAt), present: presentCount })
              : t('businessDay.lead.meetingMissing')}
            {saved && <span className="bizday-bar__saved"> {t('businessDay.meeting.saved')}</span>}
          </p>
          <table className="board__table" data-testid="bizday-lead-table">
            <thead>
              <tr>
                <th>{t('businessDay.lead.window')}</th>
                <th>{t('businessDay.lead.teller')}</th>
                <th>{t('businessDay.lead.checklist')}</th>
                <th>{t('businessDay.lead.handovers')}</th>
              </tr>
            </thead>
            <tbody>
              {config.counters.map((counter) => {
                const doc = records.find((r) => r.docType === DOC_TYPES.openingChecklist && r.docId === checklistDocId(data.day, counter.number));
                const checklist = doc ? readRecord(DOC_TYPES.openingChecklist, doc.fields).value : null;
                const done = checklistDone(templates.openingChecklist, checklist);
                const problems = checklist ? checklistProblems(checklist) : [];
                const handovers = records
                  .filter((r) => r.docType === DOC_TYPES.shiftHandover)
                  .map((r) => readRecord(DOC_TYPES.shiftHandover, r.fields).value)
                  .filter((h): h is Partial<ShiftHandover> => h.counter === counter.number)
                  .sort((a, b) => ((a.handedOverAt ?? '') < (b.handedOverAt ?? '') ? -1 : 1));
                const state = !checklist ? 'missing' : done ? (problems.length > 0 ? 'problem' : 'done') : 'incomplete';
                return (
                  <tr key={counter.number} data-testid={`bizday-lead-counter-${counter.number}`} data-checklist={state} className={state === 'done' ? 'is-ok' : state === 'missing' ? undefined : 'is-warn'}>
                    <td>{t('common.windowN', { n: counter.number })}</td>
                    {/* Who filled it in, else who is signed in at that window now (the hub's window.staff). */}
                    <td>{name(checklist?.staffId ?? windowStaff[counter.number]?.staff?.id)}</td>
                    <td>
                      {!checklist && <span className="muted">{t('businessDay.lead.notReceived')}</span>}
                      {checklist && (done ? t('businessDay.lead.doneAt', { time: clock(checklist.submittedAt) }) : t('businessDay.lead.incomplete'))}
                      {problems.length > 0 && (
                        <span className="bizday-lead__problems">
                          {' '}
                          · {t('businessDay.lead.problems', { items: problems.map((id) => problemText(id, checklist?.notes?.[id])).join(t('businessDay.lead.listSeparator')) })}
                        </span>
                      )}
                    </td>
                    <td data-count={handovers.length}>
                      {handovers.length === 0
                        ? t('businessDay.lead.none')
                        : handovers.map((h, i) => (
                            <div key={i}>
                              {name(h.fromStaffId)} → {name(h.toStaffId)} <span className="muted">{clock(h.handedOverAt)}</span>
                            </div>
                          ))}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <p className="muted bizday-hint">{t('businessDay.lead.hubNote')}</p>
        </>
      )}
      {open && day && (
        <MorningMeetingDialog
          config={config}
          day={day}
          existing={meeting}
          onClose={close}
          onSaved={() => {
            setOpen(false);
            setSaved(true);
            void load();
          }}
        />
      )}
    </section>
  );
}
