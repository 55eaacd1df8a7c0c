import { liveQuery } from 'dexie';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SignedInStaff } from '../../shared/access/session.js';
import { startOfLocalDay } from '../../shared/complaints/index.js';
import type { Complaint, ComplaintActor, LinkedService } from '../../shared/complaints/index.js';
import type { BranchConfig, Counter } from '../../shared/config/schema.js';
import { newId } from '../../shared/ids.js';
import { businessDayOf } from '../../shared/queue/rules/businessDay.js';
import type { Ticket } from '../../shared/queue/ticket.js';
import { counterDb } from '../device/db.js';
import type { CounterDb } from '../device/db.js';
import { COMPLAINT_SHORTCUT } from '../input/shortcuts.js';
import { useLang } from '../i18n/index.js';
import { useNow, useQueue } from '../queue/useQueue.js';
import { Dialog } from '../ui/Dialog.js';
import { formatClock } from '../ui/format.js';
import { complaintsOfDay, lastServiceOf, registerAtCounter, stepAtCounter, unsyncedComplaintIds } from './counterComplaints.js';
import type { LocalComplaint } from './counterComplaints.js';
import { fetchComplaint } from './complaintsApi.js';
import type { ComplaintView } from './complaintsApi.js';
import { RegisterForm } from './RegisterForm.js';
import type { RegisterInput } from './RegisterForm.js';
import { StepForms } from './StepForms.js';
import { refusalText } from './steps.js';
import { ComplaintFlags, StatusPill } from './parts.js';
import './complaints.css';

/** This counter's complaints of the day, kept current, with which of them still wait in the outbox. */
function useDayComplaints(db: CounterDb, day: string): { items: LocalComplaint[] | null; unsynced: Set<string> } {
  const [state, setState] = useState<{ items: LocalComplaint[] | null; unsynced: Set<string> }>({ items: null, unsynced: new Set() });
  useEffect(() => {
    const sub = liveQuery(async () => ({ items: await complaintsOfDay(db, day), unsynced: await unsyncedComplaintIds(db) })).subscribe({
      next: setState,
      error: () => setState({ items: [], unsynced: new Set() }),
    });
    return () => sub.unsubscribe();
  }, [db, day]);
  return state;
}

/**
 * The hub's copy of the complaints that reached it (a lead may have moved them on since), asked
 * for every 30 s while the hub is up; a counter that may not read them (or a hub that does not
 * answer) keeps showing its own copy.
 */
function useHubCopies(ids: readonly string[], online: boolean): Map<string, ComplaintView> {
  const [copies, setCopies] = useState<Map<string, ComplaintView>>(new Map());
  const key = ids.join(',');
  useEffect(() => {
    if (!online || key === '') return;
    let stopped = false;
    const load = async () => {
      const next = new Map<string, ComplaintView>();
      for (const id of key.split(',')) {
        try {
          next.set(id, (await fetchComplaint(id)).complaint);
        } catch {
          // Not there yet, or not this device's to read: the local copy stands.
        }
      }
      if (!stopped) setCopies(next);
    };
    void load();
    const timer = setInterval(() => void load(), 30_000);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [key, online]);
  return copies;
}

/** The service the window is on, or the last one it touched today (right after it finished). */
function useServiceToLink(db: CounterDb, counter: Counter, teller: SignedInStaff, current: Ticket | null, day: string, timeZone: string, open: boolean): LinkedService | null {
  const [last, setLast] = useState<LinkedService | null>(null);
  const ticketId = current?.id ?? null;
  const number = current?.number ?? null;
  useEffect(() => {
    if (!open) return;
    let stopped = false;
    const now = ticketId !== null && number !== null ? { id: ticketId, number } : null;
    void lastServiceOf(db, startOfLocalDay(day, timeZone), teller.id, now).then((s) => !stopped && setLast(s));
    return () => {
      stopped = true;
    };
  }, [db, day, timeZone, teller.id, ticketId, number, open]);
  if (last !== null && (ticketId === null || last.ticketId === ticketId)) return last;
  return ticketId !== null && number !== null ? { ticketId, ticketNumber: number, window: counter.number, tellerId: teller.id, recordingId: null, ratingId: null } : last;
}

/**
 * The counter's complaint panel (issue 13): the register button (and its function key), during
 * or right after a service, and the complaints this window registered today with their state.
 * Everything is written on this device first (counterComplaints.ts) and reaches the hub with the
 * sync push, so it works with the hub down.
 */
export function CounterComplaints({ config, counter, teller, current }: { config: BranchConfig; counter: Counter; teller: SignedInStaff; current: Ticket | null }) {
  const { t } = useTranslation();
  const lang = useLang();
  const now = useNow(30_000);
  const tz = config.hours.timezone;
  const day = businessDayOf(now, tz);
  const db = counterDb(counter.number);
  const online = useQueue((s) => s.connected);
  const { items, unsynced } = useDayComplaints(db, day);
  const hub = useHubCopies((items ?? []).filter((i) => !unsynced.has(i.id)).map((i) => i.id), online);
  const [registering, setRegistering] = useState(false);
  const [opened, setOpened] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const service = useServiceToLink(db, counter, teller, current, day, tz, registering);
  const actor: ComplaintActor = { staffId: teller.id, role: teller.role };
  const close = useCallback(() => setRegistering(false), []);
  const closeOpened = useCallback(() => setOpened(null), []);

  // The function key: anywhere on the counter screen but in a field or another dialog.
  const latest = useRef({ registering, opened });
  latest.current = { registering, opened };
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== COMPLAINT_SHORTCUT || e.ctrlKey || e.altKey || e.metaKey || e.shiftKey) return;
      e.preventDefault();
      if (latest.current.registering || latest.current.opened !== null) return;
      const target = e.target instanceof Element ? e.target : null;
      if (target?.closest('input, textarea, select') || document.querySelector('[role="dialog"]')) return;
      setRegistering(true);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  useEffect(() => {
    if (!saved) return;
    const id = setTimeout(() => setSaved(null), 6000);
    return () => clearTimeout(id);
  }, [saved]);

  const register = async (input: RegisterInput): Promise<string | null> => {
    const outcome = await registerAtCounter(
      db,
      {
        id: newId(),
        branchId: config.branchId,
        timezone: tz,
        complainant: input.complainant,
        category: input.category,
        facts: input.facts,
        request: input.request,
        service: input.service,
        subjectTellerId: input.subjectTellerId,
        complexity: input.complexity,
        dutyLead: input.dutyLead,
      },
      actor,
      day,
      config.complaints,
    );
    if (!outcome.ok) return refusalText(t, outcome);
    setRegistering(false);
    setSaved(outcome.complaint.service?.ticketNumber ?? outcome.complaint.id.slice(-6));
    return null;
  };

  const shown = (item: LocalComplaint): Complaint | null => {
    const copy = hub.get(item.id);
    if (copy && item.complaint && copy.lastStep.seq >= item.complaint.lastStep.seq) return copy;
    return item.complaint ?? copy ?? null;
  };
  const openedItem = items?.find((i) => i.id === opened) ?? null;

  return (
    <section className="counter-complaints" data-testid="counter-complaints" data-count={items?.length ?? 0} data-loaded={items !== null}>
      <header className="counter-complaints__head">
        <h2>{t('complaintScreens.counter.title')}</h2>
        <span className="muted" data-testid="counter-complaints-count">
          {t('complaintScreens.counter.today', { n: items?.length ?? 0 })}
        </span>
        <button
          type="button"
          className="button button--small button--primary counter-complaints__register"
          data-testid="counter-complaint-register"
          aria-keyshortcuts={COMPLAINT_SHORTCUT}
          onClick={() => setRegistering(true)}
        >
          {t('complaintScreens.counter.register')} <kbd className="counter-complaints__key">{COMPLAINT_SHORTCUT}</kbd>
        </button>
      </header>
      {saved && (
        <p className="counter-complaints__saved counter-complaints__saved--line" role="status" data-testid="counter-complaint-saved">
          {t('complaintScreens.counter.saved', { ref: saved })}
        </p>
      )}
      {items !== null && items.length > 0 && (
        <ul className="counter-complaints__list" data-testid="counter-complaints-list">
          {[...items].reverse().map((item) => {
            const c = shown(item);
            const pending = unsynced.has(item.id);
            return (
              <li key={item.id}>
                <button
                  type="button"
                  className="counter-complaints__row"
                  data-testid="counter-complaint-row"
                  data-id={item.id}
                  data-status={c?.status ?? ''}
                  data-synced={!pending}
                  onClick={() => setOpened(item.id)}
                >
                  <span className="counter-complaints__time">{c ? formatClock(new Date(c.receivedAt), lang, tz) : ''}</span>
                  <span className="counter-complaints__ticket">{c?.service?.ticketNumber ?? '—'}</span>
                  <span>{c ? t(`complaints.categories.${c.category}`) : ''}</span>
                  {c && <StatusPill status={c.status} />}
                  <span className={`counter-complaints__sync${pending ? ' is-pending' : ''}`} data-testid="counter-complaint-sync">
                    {t(pending ? 'complaintScreens.counter.pending' : 'complaintScreens.counter.synced')}
                  </span>
                  {item.doc.flags.length > 0 && <span className="complaint-flag-chip">{t('complaintScreens.log.flagsN', { n: item.doc.flags.length })}</span>}
                </button>
              </li>
            );
          })}
        </ul>
      )}
      {registering && (
        <RegisterForm config={config} mode={{ kind: 'counter', window: counter.number, tellerId: teller.id, service }} onSubmit={register} onClose={close} />
      )}
      {openedItem && (
        <CounterComplaintDialog
          config={config}
          item={openedItem}
          complaint={shown(openedItem)}
          hubCopy={hub.get(openedItem.id) ?? null}
          actor={actor}
          pending={unsynced.has(openedItem.id)}
          onClose={closeOpened}
          submit={async (command) => {
            const outcome = await stepAtCounter(db, openedItem, command, actor, config.complaints, hub.get(openedItem.id) ?? null);
            return outcome.ok ? null : refusalText(t, outcome);
          }}
        />
      )}
    </section>
  );
}

function CounterComplaintDialog({
  config,
  item,
  complaint,
  hubCopy,
  actor,
  pending,
  onClose,
  submit,
}: {
  config: BranchConfig;
  item: LocalComplaint;
  complaint: Complaint | null;
  hubCopy: ComplaintView | null;
  actor: ComplaintActor;
  pending: boolean;
  onClose: () => void;
  submit: Parameters<typeof StepForms>[0]['submit'];
}) {
  const { t } = useTranslation();
  const now = useNow(30_000);
  return (
    <Dialog title={t('complaintScreens.counter.detailTitle')} onClose={onClose} testId="counter-complaint-detail" wide>
      {complaint === null ? (
        <p className="muted">{t('complaintScreens.detail.incomplete')}</p>
      ) : (
        <div className="counter-complaint" data-status={complaint.status}>
          <p>
            <StatusPill status={complaint.status} /> {t(`complaints.categories.${complaint.category}`)} · {t(`complaints.levels.${complaint.level}`)}
          </p>
          <p className="counter-complaint__facts">{complaint.facts}</p>
          <p className="muted">{pending ? t('complaintScreens.counter.pendingHint') : hubCopy ? t('complaintScreens.counter.hubHint') : t('complaintScreens.counter.localHint')}</p>
          <ComplaintFlags flags={item.doc.flags} />
          <StepForms config={config} complaint={complaint} actor={actor} policy={config.complaints} now={now} submit={submit} compact />
        </div>
      )}
    </Dialog>
  );
}
