import { useCallback, useEffect, useState } from 'react';
import type { MouseEvent, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { COMPLAINT_STATUSES, ComplaintCategory, ComplaintChannel, ComplaintKind, levelOfRole, maskPhone } from '../../shared/complaints/index.js';
import type { ComplaintActor } from '../../shared/complaints/index.js';
import type { BranchConfig } from '../../shared/config/schema.js';
import { useStaffSessionStore } from '../device/staffSession.js';
import { errorText } from '../i18n/errorText.js';
import { useLang, useLocalized } from '../i18n/index.js';
import { withLang } from '../i18n/lang.js';
import { useNow } from '../queue/useQueue.js';
import { formatDateTime } from '../ui/format.js';
import { followInPage, navigateInPage, serviceRecordHref } from '../ui/navigate.js';
import { fetchComplaint, fetchComplaints, fetchComplaintStats, registerComplaintAtHub, revealPhone, takeStepAtHub } from './complaintsApi.js';
import type { ComplaintDetail, ComplaintFilter, ComplaintListItem, ComplaintStats } from './complaintsApi.js';

type CallbackRateView = Pick<ComplaintStats['callbackRate'], 'due' | 'done' | 'percent'> & { targetPercent: number };
import { deadlineState } from './deadlineView.js';
import { ComplaintFlags, DeadlineChip, StatusPill, useStaffName } from './parts.js';
import { RegisterForm } from './RegisterForm.js';
import type { RegisterInput } from './RegisterForm.js';
import { StepForms } from './StepForms.js';
import { complaintErrorText } from './steps.js';
import './complaints.css';
import { DateField } from '../ui/DateFields.js';

/** A number as the hub sent it when it is masked already ("138****5678"), else masked here. */
export function shownPhone(phone: string): string {
  return phone.includes('*') ? phone : maskPhone(phone);
}

/** The log's own paths inside the lead station. */
export const COMPLAINTS_PATH = '/lead/complaints';
export const complaintPath = (id: string) => `${COMPLAINTS_PATH}/${encodeURIComponent(id)}`;

/** The complaint a path of the log names, or null for the log itself. */
export function complaintIdOf(pathname: string): string | null {
  const m = /^\/lead\/complaints\/([^/]+)\/?$/.exec(pathname);
  if (!m) return null;
  try {
    return decodeURIComponent(m[1]!);
  } catch {
    return null;
  }
}

/**
 * Moves inside the lead station without reloading the page (the lead's session lives in its
 * memory), keeping the language: ui/navigate.ts.
 */
export function leadNavigate(path: string): void {
  navigateInPage(`${path}${window.location.search}`);
}

/** A link of the lead station: a plain link for a new tab, the History API for a click. */
function LeadLink({ path, children, testId, className }: { path: string; children: ReactNode; testId?: string; className?: string }) {
  const lang = useLang();
  const href = withLang(path, lang);
  return (
    <a href={href} className={className} data-testid={testId} onClick={(e: MouseEvent) => followInPage(e, href)}>
      {children}
    </a>
  );
}

/**
 * The lead's complaint log (/lead/complaints, issue 13): the log with its filters and the
 * call-back rate, the register form for complaints by phone, letter, in the lobby, through the
 * media or referred, and each complaint's page (/lead/complaints/:id). Everything goes through
 * the hub, which decides (the signed-in lead's session goes with every request).
 */
export function LeadComplaints({ config }: { config: BranchConfig }) {
  const [id, setId] = useState<string | null>(() => complaintIdOf(window.location.pathname));
  useEffect(() => {
    const onPop = () => setId(complaintIdOf(window.location.pathname));
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);
  const staff = useStaffSessionStore((s) => s.staff);
  if (!staff) return null;
  const actor: ComplaintActor = { staffId: staff.id, role: staff.role };
  return id === null ? <ComplaintLog config={config} actor={actor} /> : <ComplaintPage key={id} config={config} id={id} actor={actor} />;
}

// ---- The log ---------------------------------------------------------------------------------

type Filters = Required<Pick<ComplaintFilter, 'status' | 'kind' | 'owner' | 'teller' | 'category' | 'channel' | 'from' | 'to'>> & { overdue: boolean };
const NO_FILTERS: Filters = { status: '', kind: '', overdue: false, owner: '', teller: '', category: '', channel: '', from: '', to: '' };
const PAGE = 50;

function ComplaintLog({ config, actor }: { config: BranchConfig; actor: ComplaintActor }) {
  const { t } = useTranslation();
  const lang = useLang();
  const local = useLocalized();
  const now = useNow(60_000);
  const tz = config.hours.timezone;
  const name = useStaffName(config);
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const [rows, setRows] = useState<ComplaintListItem[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [rate, setRate] = useState<CallbackRateView | 'unavailable' | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [registering, setRegistering] = useState(false);
  const [reload, setReload] = useState(0);
  const closeRegister = useCallback(() => setRegistering(false), []);

  const query: ComplaintFilter = { ...filters, limit: PAGE };
  const key = JSON.stringify(query);
  useEffect(() => {
    let stopped = false;
    const load = async () => {
      try {
        const list = await fetchComplaints(JSON.parse(key) as ComplaintFilter);
        if (stopped) return;
        setRows(list.complaints);
        setCursor(list.nextCursor);
        setError(null);
        try {
          const stats = await fetchComplaintStats({ from: filters.from || undefined, to: filters.to || undefined });
          if (!stopped) setRate(stats.callbackRate);
        } catch {
          // No figures from the hub: say so. A rate of the one page the list shows would pass a
          // sample off as the period's rate.
          if (!stopped) setRate('unavailable');
        }
      } catch (err) {
        if (!stopped) setError(errorText(t, err));
      }
    };
    void load();
    const timer = setInterval(() => void load(), 30_000);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [key, reload]);

  const more = async () => {
    if (!cursor) return;
    try {
      const list = await fetchComplaints({ ...query, cursor });
      setRows((r) => [...(r ?? []), ...list.complaints]);
      setCursor(list.nextCursor);
    } catch (err) {
      setError(errorText(t, err));
    }
  };

  const register = async (input: RegisterInput): Promise<string | null> => {
    try {
      const created = await registerComplaintAtHub({
        channel: input.channel,
        complainant: input.complainant,
        category: input.category,
        facts: input.facts,
        request: input.request,
        subjectTellerId: input.subjectTellerId,
        complexity: input.complexity,
      });
      setRegistering(false);
      leadNavigate(complaintPath(created.complaint.id));
      return null;
    } catch (err) {
      return complaintErrorText(t, err);
    }
  };

  const set = <K extends keyof Filters>(k: K, v: Filters[K]) => setFilters((f) => ({ ...f, [k]: v }));
  const people = config.staff.filter((s) => s.role !== 'auditor');
  const tellers = config.staff.filter((s) => s.role === 'teller');
  const select = (k: 'status' | 'kind' | 'owner' | 'teller' | 'category' | 'channel', label: string, options: { value: string; label: string }[]) => (
    <label className="field complaint-log__filter">
      <span className="field__label">{label}</span>
      <select value={filters[k]} onChange={(e) => set(k, e.target.value)} data-testid={`complaint-filter-${k}`}>
        <option value="">{t('complaintScreens.log.all')}</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </label>
  );

  return (
    <div className="complaint-log" data-testid="complaint-log" data-loaded={rows !== null}>
      <section className="board__section">
        <div className="complaint-log__head">
          <h2>{t('complaintScreens.log.title')}</h2>
          <CallbackRateKpi rate={rate} />
          {/* Auditors review, they register nothing (the domain's levelOfRole). */}
          {levelOfRole(actor.role) !== null && (
            <button type="button" className="button button--primary" data-testid="complaint-log-register" onClick={() => setRegistering(true)}>
              {t('complaintScreens.log.register')}
            </button>
          )}
        </div>
        <div className="complaint-log__filters" data-testid="complaint-filters">
          {select(
            'status',
            t('complaintScreens.log.filters.status'),
            COMPLAINT_STATUSES.map((s) => ({ value: s, label: t(`complaints.statuses.${s}`) })),
          )}
          {select(
            'kind',
            t('complaintScreens.log.filters.kind'),
            ComplaintKind.options.map((k) => ({ value: k, label: t(`complaints.kinds.${k}`) })),
          )}
          {select(
            'owner',
            t('complaintScreens.log.filters.owner'),
            people.map((s) => ({ value: s.id, label: local(s.name) })),
          )}
          {select(
            'teller',
            t('complaintScreens.log.filters.teller'),
            tellers.map((s) => ({ value: s.id, label: local(s.name) })),
          )}
          {select(
            'category',
            t('complaintScreens.log.filters.category'),
            ComplaintCategory.options.map((c) => ({ value: c, label: t(`complaints.categories.${c}`) })),
          )}
          {select(
            'channel',
            t('complaintScreens.log.filters.channel'),
            ComplaintChannel.options.map((c) => ({ value: c, label: t(`complaints.channels.${c}`) })),
          )}
          <label className="field complaint-log__filter">
            <span className="field__label">{t('complaintScreens.log.filters.from')}</span>
            <DateField value={filters.from} onChange={(v) => set('from', v)} data-testid="complaint-filter-from" />
          </label>
          <label className="field complaint-log__filter">
            <span className="field__label">{t('complaintScreens.log.filters.to')}</span>
            <DateField value={filters.to} onChange={(v) => set('to', v)} data-testid="complaint-filter-to" />
          </label>
          <label className="complaint-form__check complaint-log__overdue">
            <input type="checkbox" checked={filters.overdue} onChange={(e) => set('overdue', e.target.checked)} data-testid="complaint-filter-overdue" />
            <span>{t('complaintScreens.log.filters.overdue')}</span>
          </label>
          <button type="button" className="button button--small" onClick={() => setFilters(NO_FILTERS)} disabled={JSON.stringify(filters) === JSON.stringify(NO_FILTERS)} data-testid="complaint-filter-reset">
            {t('complaintScreens.log.filters.reset')}
          </button>
        </div>
        {error && (
          <p className="lead-station__error" role="alert" data-testid="complaint-log-error">
            {error}
          </p>
        )}
        <table className="board__table complaint-log__table" data-testid="complaint-log-table">
          <thead>
            <tr>
              <th>{t('complaintScreens.log.columns.received')}</th>
              <th>{t('complaintScreens.log.columns.kind')}</th>
              <th>{t('complaintScreens.log.columns.category')}</th>
              <th>{t('complaintScreens.log.columns.complainant')}</th>
              <th>{t('complaintScreens.log.columns.service')}</th>
              <th>{t('complaintScreens.log.columns.owner')}</th>
              <th>{t('complaintScreens.log.columns.status')}</th>
              <th>{t('complaintScreens.log.columns.deadline')}</th>
            </tr>
          </thead>
          <tbody>
            {rows?.map((c) => {
              const state = deadlineState(c.deadlines, c.status, now, c.timezone);
              return (
                <tr key={c.id} data-testid="complaint-row" data-id={c.id} data-status={c.status} data-kind={c.kind} data-ticket={c.service?.ticketNumber ?? ''} className={state.kind === 'overdue' ? 'is-alert' : undefined}>
                  <td>
                    <LeadLink path={complaintPath(c.id)} testId="complaint-row-link">
                      {formatDateTime(new Date(c.receivedAt), lang, tz)}
                    </LeadLink>
                    <div className="muted complaint-log__channel">{t(`complaints.channels.${c.channel}`)}</div>
                  </td>
                  <td>{t(`complaints.kinds.${c.kind}`)}</td>
                  <td>{t(`complaints.categories.${c.category}`)}</td>
                  <td>
                    {c.complainant.name ?? <span className="muted">{t('complaintScreens.log.anonymous')}</span>}
                    {c.complainant.phone && <div className="muted">{shownPhone(c.complainant.phone)}</div>}
                  </td>
                  <td>
                    {c.service ? (
                      <>
                        <strong>{c.service.ticketNumber}</strong> · {t('common.windowN', { n: c.service.window })}
                        <div className="muted">{name(c.service.tellerId)}</div>
                      </>
                    ) : (
                      <span className="muted">—</span>
                    )}
                  </td>
                  <td>
                    {name(c.ownerId)}
                    <div className="muted">{t('complaintScreens.detail.atLevel', { level: t(`complaints.levels.${c.level}`) })}</div>
                  </td>
                  <td>
                    <StatusPill status={c.status} />
                    {c.flags.length > 0 && (
                      <span className="complaint-flag-chip" data-testid="complaint-row-flags">
                        {t('complaintScreens.log.flagsN', { n: c.flags.length })}
                      </span>
                    )}
                  </td>
                  <td>
                    <DeadlineChip state={state} />
                  </td>
                </tr>
              );
            })}
            {rows !== null && rows.length === 0 && (
              <tr>
                <td colSpan={8} className="muted" data-testid="complaint-log-empty">
                  {t('complaintScreens.log.empty')}
                </td>
              </tr>
            )}
            {rows === null && !error && (
              <tr>
                <td colSpan={8} className="muted">
                  {t('common.loading')}
                </td>
              </tr>
            )}
          </tbody>
        </table>
        {cursor && (
          <button type="button" className="button" onClick={() => void more()} data-testid="complaint-log-more">
            {t('complaintScreens.log.more')}
          </button>
        )}
      </section>
      {registering && (
        <RegisterForm
          config={config}
          mode={{ kind: 'lead' }}
          onClose={closeRegister}
          onSubmit={async (input) => {
            const refused = await register(input);
            if (refused === null) setReload((n) => n + 1);
            return refused;
          }}
        />
      )}
    </div>
  );
}

/** The call-back rate of real-name dissatisfied ratings (实名差评回访率), against its target of 100 %. */
function CallbackRateKpi({ rate: given }: { rate: CallbackRateView | 'unavailable' | null }) {
  const { t } = useTranslation();
  const rate = given === 'unavailable' ? null : given;
  const percent = rate?.percent ?? null;
  const target = rate?.targetPercent ?? 100;
  const below = percent !== null && percent < target;
  return (
    <div className={`kpi complaint-log__rate${below ? ' is-below' : ''}`} data-testid="complaint-callback-rate" data-percent={percent ?? ''} data-due={rate?.due ?? ''} data-done={rate?.done ?? ''}>
      <span className="kpi__label">{t('complaintScreens.log.callbackRate')}</span>
      <span className="kpi__value">{percent === null ? '—' : `${Math.round(percent * 10) / 10}%`}</span>
      <span className="muted">
        {given === 'unavailable'
          ? t('complaintScreens.log.callbackRateUnavailable', { target })
          : rate === null
            ? null
            : rate.due > 0
              ? t('complaintScreens.log.callbackRateOf', { done: rate.done, due: rate.due, target })
              : t('complaintScreens.log.callbackRateNone', { target })}
      </span>
    </div>
  );
}

// ---- One complaint -------------------------------------------------------------------------

function ComplaintPage({ config, id, actor }: { config: BranchConfig; id: string; actor: ComplaintActor }) {
  const { t } = useTranslation();
  const lang = useLang();
  const local = useLocalized();
  const now = useNow(60_000);
  const name = useStaffName(config);
  const [detail, setDetail] = useState<ComplaintDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [phone, setPhone] = useState<string | null>(null);
  const [revealError, setRevealError] = useState<string | null>(null);
  const [reload, setReload] = useState(0);

  useEffect(() => {
    let stopped = false;
    fetchComplaint(id).then(
      (d) => {
        if (stopped) return;
        setDetail(d);
        setError(null);
      },
      (err: unknown) => !stopped && setError(errorText(t, err)),
    );
    return () => {
      stopped = true;
    };
  }, [id, reload, t]);

  const back = (
    <LeadLink path={COMPLAINTS_PATH} testId="complaint-back" className="complaint-page__back">
      ← {t('complaintScreens.detail.back')}
    </LeadLink>
  );
  if (!detail) {
    return (
      <div className="complaint-page" data-testid="complaint-page" data-loaded="false">
        <section className="board__section">
          {back}
          {error ? (
            <p className="lead-station__error" role="alert" data-testid="complaint-page-error">
              {error}
            </p>
          ) : (
            <p className="muted">{t('common.loading')}</p>
          )}
        </section>
      </div>
    );
  }

  const c = detail.complaint;
  const tz = c.timezone;
  const when = (iso: string | null | undefined) => (iso ? formatDateTime(new Date(iso), lang, tz) : '—');
  const state = deadlineState(c.deadlines, c.status, now, tz);
  const reveal = async () => {
    setRevealError(null);
    try {
      setPhone(await revealPhone(c.id));
    } catch (err) {
      setRevealError(errorText(t, err));
    }
  };
  // Raised reminders (督办), then any due now that the hub has not raised yet: each once, by key.
  const raised = new Set(detail.reminders.map((r) => r.key));
  const reminders = [...detail.reminders, ...detail.dueReminders.filter((r) => !raised.has(r.key)).map((r) => ({ ...r, raisedAt: null }))];
  const history = [...detail.history].sort((a, b) => a.seq - b.seq || (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  const flags = detail.flags;
  /** The hand-over a step recorded (a take-over by a lead, a hand-over by the owner). */
  const handOverOf = (s: (typeof history)[number]) => c.handOvers.find((h) => h.at === s.at && h.by === s.by);
  const row = (label: string, value: ReactNode, testId?: string) => (
    <div className="complaint-page__row" data-testid={testId}>
      <dt>{label}</dt>
      <dd>{value}</dd>
    </div>
  );

  return (
    <div className="complaint-page" data-testid="complaint-page" data-loaded="true" data-id={c.id} data-status={c.status} data-kind={c.kind}>
      <section className="board__section">
        {back}
        <header className="complaint-page__head">
          <div>
            <p className="board__kicker">
              {t(`complaints.channels.${c.channel}`)}
              {c.service ? ` · ${c.service.ticketNumber} · ${t('common.windowN', { n: c.service.window })}` : ''}
            </p>
            <h2>
              {t(`complaints.kinds.${c.kind}`)} · {t(`complaints.categories.${c.category}`)} <StatusPill status={c.status} />
            </h2>
            <p className="muted">
              {t('complaintScreens.detail.received', { time: when(c.receivedAt) })} · {t('complaintScreens.detail.round', { n: c.round + 1 })}
            </p>
          </div>
          {state.kind !== 'stopped' && <DeadlineChip state={state} />}
        </header>
        <ComplaintFlags flags={flags} />
      </section>

      <div className="complaint-page__grid">
        <section className="board__section complaint-card" data-testid="complaint-details">
          <h3>{t('complaintScreens.detail.details')}</h3>
          <dl>
            {row(
              t('complaintScreens.detail.complainant'),
              <>
                {c.complainant.name ?? t('complaintScreens.log.anonymous')}
                {' · '}
                {t(c.complainant.realName ? 'complaintScreens.detail.realName' : 'complaintScreens.detail.notRealName')}
              </>,
            )}
            {c.complainant.phone !== null &&
              row(
                t('complaintScreens.form.phone'),
                <span className="complaint-page__phone">
                  <span data-testid="complaint-phone" data-revealed={phone !== null}>
                    {phone ?? shownPhone(c.complainant.phone)}
                  </span>
                  {phone === null && detail.mayRevealPhone && (
                    <button type="button" className="button button--small" onClick={() => void reveal()} data-testid="complaint-reveal-phone">
                      {t('complaintScreens.detail.reveal')}
                    </button>
                  )}
                  {phone !== null && <span className="muted">{t('complaintScreens.detail.revealedLogged')}</span>}
                  {revealError && <span className="field__error" role="alert">{revealError}</span>}
                </span>,
              )}
            {row(t('complaintScreens.form.facts'), c.facts || '—')}
            {row(t('complaintScreens.form.request'), c.request || '—')}
            {c.service &&
              row(
                t('complaintScreens.detail.service'),
                <span data-testid="complaint-service" data-ticket={c.service.ticketId}>
                  <strong>{c.service.ticketNumber}</strong> · {t('common.windowN', { n: c.service.window })} · {name(c.service.tellerId)}{' '}
                  <LeadLink path={serviceRecordHref(c.service.ticketId)} testId="complaint-service-record" className="button button--small">
                    {t('complaintScreens.detail.serviceRecord')}
                  </LeadLink>
                </span>,
              )}
            {c.rating &&
              row(
                t('complaintScreens.detail.rating'),
                <span data-testid="complaint-rating">
                  {local(c.rating.label)} · {when(c.rating.ratedAt)}
                </span>,
              )}
            {row(t('complaintScreens.detail.subject'), c.subjectTellerId ? name(c.subjectTellerId) : '—')}
            {row(t('complaintScreens.detail.firstResponder'), name(c.firstResponderId))}
            {row(
              t('complaintScreens.detail.owner'),
              <span data-testid="complaint-owner" data-owner={c.ownerId}>
                {name(c.ownerId)} · {t('complaintScreens.detail.atLevel', { level: t(`complaints.levels.${c.level}`) })}
              </span>,
            )}
            {row(t('complaintScreens.detail.complexity'), t(`complaints.complexity.${c.complexity}`))}
          </dl>
        </section>

        <section className="board__section complaint-card" data-testid="complaint-deadlines">
          <h3>{t('complaintScreens.detail.deadlines')}</h3>
          <dl>
            {row(
              t('complaintScreens.detail.acknowledgeBy'),
              c.acknowledgedAt
                ? t('complaintScreens.detail.acknowledged', { time: when(c.acknowledgedAt), how: c.acknowledgedHow ? t(`complaints.contactHow.${c.acknowledgedHow}`) : '—' })
                : c.deadlines.acknowledgeByDate,
            )}
            {row(
              t('complaintScreens.detail.answerBy'),
              <>
                {c.deadlines.answerByDate} ({t(c.deadlines.unit === 'working' ? 'complaintScreens.deadline.limitWorking' : 'complaintScreens.deadline.limitCalendar', { n: c.deadlines.days })})
              </>,
            )}
            {row(t('complaintScreens.detail.remaining'), <DeadlineChip state={state} verbose />, 'complaint-remaining')}
            {c.extensions.length > 0 &&
              row(
                t('complaintScreens.detail.extensions'),
                <ul className="complaint-page__list">
                  {c.extensions.map((x) => (
                    <li key={`${x.at}-${x.kind}`}>
                      {t(`complaints.extensions.${x.kind}`)} · {when(x.at)} · {name(x.by)} · {x.reason}
                    </li>
                  ))}
                </ul>,
              )}
          </dl>
          <h3>{t('complaintScreens.detail.reminders')}</h3>
          {reminders.length === 0 ? (
            <p className="muted" data-testid="complaint-reminders-none">
              {t('complaintScreens.detail.noReminders')}
            </p>
          ) : (
            <ul className="complaint-page__list complaint-page__reminders" data-testid="complaint-reminders">
              {reminders.map((r) => (
                <li key={r.key} className={`complaint-reminder complaint-reminder--${r.kind}`} data-kind={r.kind} data-raised={r.raisedAt !== null}>
                  <strong>{t(`complaints.reminders.${r.kind}`)}</strong> · {t('complaintScreens.detail.reminderSince', { time: when(r.raisedAt ?? r.dueSince) })} · {name(r.ownerId)}
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>

      <section className="board__section complaint-card" data-testid="complaint-handling">
        <h3>{t('complaintScreens.detail.handling')}</h3>
        <dl>
          {row(t('complaintScreens.steps.finding'), c.finding ? t(`complaints.findings.${c.finding}`) : '—', 'complaint-finding')}
          {c.rootCause && row(t('complaintScreens.steps.rootCause'), c.rootCause)}
          {c.rectification && row(t('complaintScreens.steps.rectification'), c.rectification)}
          {c.accountability && row(t('complaintScreens.steps.accountable'), `${name(c.accountability.staffId)} · ${c.accountability.measure}`)}
          {c.answer &&
            row(
              t('complaintScreens.detail.answer'),
              <>
                {c.answer.text}
                <div className="muted">
                  {t(`complaints.contactHow.${c.answer.how}`)} · {when(c.answer.at)}
                  {c.answer.recourse ? ` · ${c.answer.recourse}` : ''}
                </div>
              </>,
              'complaint-answer',
            )}
          {c.callback &&
            row(
              t('complaintScreens.detail.callback'),
              <>
                {t(`complaints.callbackViews.${c.callback.view}`)} · {name(c.callback.by)} · {when(c.callback.at)}
                {c.callback.note ? <div className="muted">{c.callback.note}</div> : null}
              </>,
              'complaint-callback',
            )}
          {c.callbackRequired && !c.callback && row(t('complaintScreens.detail.callback'), <span className="muted">{t('complaintScreens.detail.callbackDue')}</span>)}
          {c.appeal &&
            row(
              t('complaintScreens.detail.appeal'),
              <>
                {c.appeal.reason} <span className="muted">· {name(c.appeal.requestedBy)} · {when(c.appeal.requestedAt)}</span>
                <div>{c.appeal.review ? `${t(`complaints.appealOutcomes.${c.appeal.review.outcome}`)} · ${name(c.appeal.review.by)}` : t('complaintScreens.detail.appealPending')}</div>
              </>,
            )}
          {c.withdrawal && row(t('complaintScreens.detail.withdrawal'), `${c.withdrawal.reason} · ${when(c.withdrawal.at)}`)}
        </dl>
      </section>

      <section className="board__section complaint-card" data-testid="complaint-next">
        <h3>{t('complaintScreens.detail.next')}</h3>
        <StepForms
          config={config}
          complaint={c}
          actor={actor}
          policy={config.complaints}
          now={now}
          submit={async (command) => {
            try {
              await takeStepAtHub(c.id, command);
              setReload((n) => n + 1);
              return null;
            } catch (err) {
              return complaintErrorText(t, err);
            }
          }}
        />
      </section>

      <section className="board__section">
        <h3>{t('complaintScreens.detail.history')}</h3>
        <table className="board__table complaint-history" data-testid="complaint-history">
          <thead>
            <tr>
              <th>{t('complaintScreens.history.at')}</th>
              <th>{t('complaintScreens.history.by')}</th>
              <th>{t('complaintScreens.history.step')}</th>
              <th>{t('complaintScreens.history.change')}</th>
              <th>{t('complaintScreens.history.owner')}</th>
              <th>{t('complaintScreens.history.note')}</th>
            </tr>
          </thead>
          <tbody>
            {history.map((s) => (
              <tr key={s.id} data-testid="complaint-history-row" data-action={s.action}>
                <td>{when(s.at)}</td>
                <td>
                  {name(s.by)}
                  {s.role !== 'system' && <div className="muted">{t(`leadStation.roles.${s.role}`)}</div>}
                </td>
                <td>
                  {t(`complaints.actions.${s.action}`)}
                  {s.action === 'hand_over' && handOverOf(s) && <div className="muted">{t(`complaints.handOverReasons.${handOverOf(s)!.reason}`)}</div>}
                  {s.action === 'register' && c.handOvers.some((h) => h.reason === 'recusal' && h.at === s.at) && <div className="muted">{t('complaints.handOverReasons.recusal')}</div>}
                </td>
                <td>{s.from === null || s.from === s.to ? t(`complaints.statuses.${s.to}`) : `${t(`complaints.statuses.${s.from}`)} → ${t(`complaints.statuses.${s.to}`)}`}</td>
                <td>
                  {name(s.ownerId)} <span className="muted">· {t('complaintScreens.detail.atLevel', { level: t(`complaints.levels.${s.level}`) })}</span>
                </td>
                <td>{s.note ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </div>
  );
}
