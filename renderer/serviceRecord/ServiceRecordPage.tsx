import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BranchConfig, StaffRole } from '../../shared/config/schema.js';
import { canListen } from '../../shared/recording/access.js';
import type { RecordRecording, ServiceRecord, TimelineEntry } from '../../shared/serviceRecord/schema.js';
import { errorText } from '../i18n/errorText.js';
import { useLang, useLocalized } from '../i18n/index.js';
import { withLang } from '../i18n/lang.js';
import { formatClock, formatDateTime, formatDuration, localDate } from '../ui/format.js';
import { navigateInPage, ticketIdOfPath } from '../ui/navigate.js';
import { clock, entryDetail, entryTitle, flagLabels, pauseReason, serviceName, staffName } from './describe.js';
import type { Words } from './describe.js';
import { fetchServiceRecord, replayUrl } from './serviceRecordApi.js';
import '../ui/board.css';
import './serviceRecord.css';

/** The ticket of the page's path (/lead/services/:ticketId), following back and forward. */
function usePathTicketId(): string | null {
  const [id, setId] = useState(() => ticketIdOfPath(window.location.pathname));
  useEffect(() => {
    const onPop = () => setId(ticketIdOfPath(window.location.pathname));
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);
  return id;
}

type Load = { phase: 'loading' } | { phase: 'ready'; record: ServiceRecord } | { phase: 'error'; message: string; notFound: boolean };

/**
 * One service on one page (issue 13, /lead/services/:ticketId): the ticket's life, the timeline
 * with the recording player (events marked on it; a click jumps there), the phrases, the pauses
 * around it, the rating and any complaint. A page of the lead station (lead/LeadScreen.tsx),
 * behind its sign-in; the hub checks the session may 'listen' and writes every opening to the
 * security audit. Printable, and exported as PDF through the print window ("Save as PDF": the
 * host's Chromium lays the page out with the system's CJK fonts; docs/recording-api.md).
 */
export function ServiceRecordPage({ config, role, viewer }: { config: BranchConfig; role: StaffRole; viewer: string | null }) {
  const { t } = useTranslation();
  const ticketId = usePathTicketId();
  const [load, setLoad] = useState<Load>({ phase: 'loading' });

  useEffect(() => {
    if (!ticketId || !canListen(role)) return;
    let stop = false;
    setLoad({ phase: 'loading' });
    fetchServiceRecord(ticketId).then(
      (record) => !stop && setLoad({ phase: 'ready', record }),
      (err: unknown) => !stop && setLoad({ phase: 'error', message: errorText(t, err), notFound: (err as { code?: string })?.code === 'not_found' }),
    );
    return () => {
      stop = true;
    };
  }, [ticketId, role, t]);

  if (!canListen(role)) {
    return (
      <p className="board__note" role="alert" data-testid="service-record-forbidden">
        {t('serviceRecord.forbidden', { role: t(`leadStation.roles.${role}`) })}
      </p>
    );
  }
  if (!ticketId || (load.phase === 'error' && load.notFound)) {
    return (
      <p className="board__note" role="alert" data-testid="service-record-not-found">
        {t('serviceRecord.notFound')}
      </p>
    );
  }
  if (load.phase === 'loading') {
    return (
      <p className="board__note" data-testid="service-record-loading">
        {t('serviceRecord.loading')}
      </p>
    );
  }
  if (load.phase === 'error') {
    return (
      <p className="board__alert" role="alert" data-testid="service-record-error">
        {t('serviceRecord.error', { message: load.message })}
      </p>
    );
  }
  return <RecordView record={load.record} config={config} viewer={viewer} />;
}

function RecordView({ record, config, viewer }: { record: ServiceRecord; config: BranchConfig; viewer: string | null }) {
  const { t } = useTranslation();
  const lang = useLang();
  const local = useLocalized();
  const w: Words = useMemo(() => ({ t, local, config }), [t, local, config]);
  const tz = config.hours.timezone;
  const { ticket, figures } = record;
  // Times of the ticket's own business day as a clock ("14:16:30"), any other with its date.
  const at = (iso: string | null, seconds = true) => {
    if (!iso) return '–';
    const d = new Date(iso);
    return localDate(d, tz) === ticket.businessDay ? formatClock(d, lang, tz, seconds) : formatDateTime(d, lang, tz, seconds);
  };

  // ---- the player: one <audio> for whichever recording is open
  const audio = useRef<HTMLAudioElement>(null);
  const [open, setOpen] = useState<{ id: string; url: string } | null>(null);
  const [position, setPosition] = useState(0);
  const [playError, setPlayError] = useState<string | null>(null);
  const pendingSeek = useRef<number | null>(null);

  const play = useCallback(
    async (recordingId: string, seconds?: number) => {
      setPlayError(null);
      const a = audio.current;
      if (open?.id === recordingId && a) {
        if (seconds !== undefined) a.currentTime = seconds;
        void a.play().catch(() => undefined);
        return;
      }
      try {
        const url = await replayUrl(recordingId);
        pendingSeek.current = seconds ?? null;
        setPosition(seconds ?? 0);
        setOpen({ id: recordingId, url });
      } catch (err) {
        setPlayError(errorText(t, err));
      }
    },
    [open, t],
  );

  const onLoaded = () => {
    const a = audio.current;
    if (!a) return;
    if (pendingSeek.current !== null) a.currentTime = pendingSeek.current;
    pendingSeek.current = null;
    void a.play().catch(() => undefined);
  };

  // The entry being heard now: the last one of the open recording at or before the playhead.
  const current = useMemo(() => {
    if (!open) return null;
    let found: TimelineEntry | null = null;
    for (const e of record.timeline) if (e.recordingId === open.id && e.offsetSeconds !== null && e.offsetSeconds <= position + 0.05) found = e;
    return found?.id ?? null;
  }, [open, position, record.timeline]);

  const exportPdf = () => {
    const title = document.title;
    // The file name the print window's "Save as PDF" suggests.
    document.title = `${t('serviceRecord.title')}-${ticket.number}-${ticket.businessDay}`;
    const restore = () => {
      document.title = title;
      window.removeEventListener('afterprint', restore);
    };
    window.addEventListener('afterprint', restore);
    window.print();
  };

  const goBack = () => {
    if (window.history.length > 1) window.history.back();
    else navigateInPage(withLang('/lead/recordings', lang));
  };

  const service = config.services.find((s) => s.code === ticket.service);
  return (
    <article className="service-record" data-testid="service-record" data-ticket={ticket.id} data-number={ticket.number}>
      <header className="service-record__head">
        <div>
          <p className="service-record__kicker">{t('serviceRecord.title')}</p>
          <h2 className="service-record__number" data-testid="service-record-number">
            {ticket.number}
            <span className="service-record__service">{service ? local(service.name) : ticket.service}</span>
            <span className={`status-chip service-record__status service-record__status--${ticket.status}`}>{t(`common.status.${ticket.status}`)}</span>
          </h2>
          <p className="muted service-record__sub">
            {t('serviceRecord.ticket.businessDay')} {ticket.businessDay} · {t('serviceRecord.ticket.issuedAt')} {formatDateTime(new Date(ticket.issuedAt), lang, tz, true)} · {t('serviceRecord.ticket.priority')} {t(`common.priority.${ticket.priority}`)}
          </p>
        </div>
        <div className="service-record__actions">
          <button type="button" className="button button--small" onClick={goBack} data-testid="service-record-back">
            {t('serviceRecord.back')}
          </button>
          <button type="button" className="button button--small" onClick={() => window.print()} data-testid="service-record-print">
            {t('serviceRecord.print')}
          </button>
          <button type="button" className="button button--small button--primary" onClick={exportPdf} data-testid="service-record-pdf" title={t('serviceRecord.pdfHint')}>
            {t('serviceRecord.exportPdf')}
          </button>
          <p className="service-record__hint muted">{t('serviceRecord.pdfHint')}</p>
        </div>
      </header>

      <section className="service-record__figures" data-testid="service-record-figures">
        <Figure label={t('serviceRecord.figures.wait')} value={figures.waitSeconds} testId="figure-wait" none={t('serviceRecord.figures.none')} />
        <Figure label={t('serviceRecord.figures.handling')} value={figures.handlingSeconds} testId="figure-handling" none={t('serviceRecord.figures.none')} />
        <Figure label={t('serviceRecord.figures.total')} value={figures.totalSeconds} testId="figure-total" none={t('serviceRecord.figures.none')} />
        <div className="kpi">
          <span className="kpi__label">{t('serviceRecord.servedBy')}</span>
          <span className="service-record__people" data-testid="served-by">
            {record.servedBy.length ? record.servedBy.map((id) => staffName(w, id)).join('、') : t('serviceRecord.nobody')}
          </span>
        </div>
        <div className="kpi">
          <span className="kpi__label">{t('serviceRecord.ticket.outcome')}</span>
          <span className="service-record__people">{ticket.outcome ? t(`common.outcome.${ticket.outcome}`) : '–'}</span>
          <span className="muted service-record__small">
            {t('serviceRecord.ticket.items')}: {ticket.items.length ? ticket.items.map((c) => serviceName(w, c)).join('、') : '–'}
          </span>
        </div>
      </section>

      <section className="board__section">
        <h3>{t('serviceRecord.visits.title')}</h3>
        {record.visits.length === 0 ? (
          <p className="muted">{t('serviceRecord.timeline.none')}</p>
        ) : (
          <table className="board__table service-record__visits" data-testid="service-record-visits">
            <thead>
              <tr>
                <th>{t('serviceRecord.visits.window')}</th>
                <th>{t('serviceRecord.visits.called')}</th>
                <th>{t('serviceRecord.visits.started')}</th>
                <th>{t('serviceRecord.visits.ended')}</th>
                <th>{t('serviceRecord.visits.endedBy')}</th>
                <th className="num">{t('serviceRecord.visits.recalls')}</th>
                <th className="num">{t('serviceRecord.visits.handling')}</th>
                <th>{t('serviceRecord.timeline.who')}</th>
              </tr>
            </thead>
            <tbody>
              {record.visits.map((v, i) => (
                <tr key={i} data-testid="service-record-visit" data-counter={v.counter}>
                  <td className="strong">{t('common.windowN', { n: v.counter })}</td>
                  <td>{at(v.calledAt)}</td>
                  <td>{at(v.startedAt)}</td>
                  <td>{at(v.endedAt)}</td>
                  <td>{v.endedBy ? t(`serviceRecord.events.${v.endedBy}`) : t('serviceRecord.visits.under_way')}</td>
                  <td className="num">{v.recalls}</td>
                  <td className="num">{v.handlingSeconds === null ? '–' : formatDuration(v.handlingSeconds)}</td>
                  <td>{v.staffIds.map((id) => staffName(w, id)).join('、') || '–'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section className="board__section service-record__recordings" data-testid="service-record-recordings">
        <h3>{t('serviceRecord.recordings.title')}</h3>
        {record.recordings.length === 0 ? (
          <p className="muted" data-testid="service-record-no-recording">
            {t('serviceRecord.recordings.none')}
          </p>
        ) : (
          <>
            <p className="muted service-record__screen-only">
              {t('serviceRecord.recordings.marks')} · {t('serviceRecord.recordings.replayLogged')}
            </p>
            <p className="muted service-record__print-only">{t('serviceRecord.recordings.printNote')}</p>
            {record.recordings.map((r, i) => (
              <RecordingTrack
                key={r.id}
                n={i + 1}
                recording={r}
                entries={record.timeline.filter((e) => e.recordingId === r.id && e.offsetSeconds !== null && e.kind !== 'recording_started' && e.kind !== 'recording_ended')}
                words={w}
                record={record}
                isOpen={open?.id === r.id}
                position={open?.id === r.id ? position : null}
                current={current}
                onPlay={(seconds) => void play(r.id, seconds)}
              />
            ))}
            {playError && (
              <p className="service-record__error" role="alert" data-testid="service-record-play-error">
                {playError}
              </p>
            )}
            {open && (
              <audio
                ref={audio}
                className="service-record__audio"
                controls
                autoPlay
                preload="metadata"
                src={open.url}
                data-testid="service-record-audio"
                data-recording={open.id}
                onLoadedMetadata={onLoaded}
                onTimeUpdate={(e) => setPosition(e.currentTarget.currentTime)}
                onSeeked={(e) => setPosition(e.currentTarget.currentTime)}
              />
            )}
          </>
        )}
      </section>

      <section className="board__section">
        <h3>{t('serviceRecord.timeline.title')}</h3>
        <table className="board__table service-record__timeline" data-testid="service-record-timeline">
          <thead>
            <tr>
              <th>{t('serviceRecord.timeline.at')}</th>
              <th>{t('serviceRecord.timeline.what')}</th>
              <th>{t('serviceRecord.timeline.window')}</th>
              <th>{t('serviceRecord.timeline.who')}</th>
              <th>{t('serviceRecord.timeline.position')}</th>
            </tr>
          </thead>
          <tbody>
            {record.timeline.map((e) => {
              const n = e.recordingId ? record.recordings.findIndex((r) => r.id === e.recordingId) + 1 : 0;
              return (
                <tr key={e.id} className={`service-record__entry service-record__entry--${e.kind}${current === e.id ? ' is-current' : ''}`} data-testid={`timeline-${e.id}`} data-kind={e.kind} data-type={e.type}>
                  <td className="service-record__time">{at(e.at)}</td>
                  <td>
                    <strong>{entryTitle(w, e)}</strong>
                    {(() => {
                      const d = entryDetail(w, e, record);
                      return d ? <span className="muted"> · {d}</span> : null;
                    })()}
                  </td>
                  <td>{e.counter === null ? '–' : t('common.windowN', { n: e.counter })}</td>
                  <td>{e.staffId ? staffName(w, e.staffId) : '–'}</td>
                  <td>
                    {e.recordingId !== null && e.offsetSeconds !== null ? (
                      <button
                        type="button"
                        className="service-record__jump"
                        title={t('serviceRecord.timeline.jump', { t: clock(e.offsetSeconds) })}
                        data-testid={`jump-${e.id}`}
                        data-offset={e.offsetSeconds}
                        disabled={!record.recordings.find((r) => r.id === e.recordingId)?.onHub}
                        onClick={() => void play(e.recordingId!, e.offsetSeconds!)}
                      >
                        {record.recordings.length > 1 ? `${t('serviceRecord.recordings.recording', { n })} ` : ''}
                        {clock(e.offsetSeconds)}
                      </button>
                    ) : (
                      <span className="muted">{t('serviceRecord.timeline.notRecorded')}</span>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </section>

      <div className="service-record__sides">
        <section className="board__section" data-testid="service-record-phrases">
          <h3>{t('serviceRecord.phrases.title')}</h3>
          {record.phrases.length === 0 ? (
            <p className="muted">{t('serviceRecord.phrases.none')}</p>
          ) : (
            <ul className="service-record__list">
              {record.phrases.map((p) => (
                <li key={p.id}>
                  <span className="service-record__time">{at(p.at)}</span> <strong>{p.text ? local(p.text) : p.phraseId}</strong>{' '}
                  <span className="muted">
                    · {t(`serviceRecord.phrases.how.${p.how}`)} · {t('common.windowN', { n: p.counter })} · {staffName(w, p.teller)}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </section>

        <section className="board__section" data-testid="service-record-pauses">
          <h3>{t('serviceRecord.pauses.title')}</h3>
          {record.pauses.length === 0 ? (
            <p className="muted">{t('serviceRecord.pauses.none')}</p>
          ) : (
            <ul className="service-record__list">
              {record.pauses.map((p) => (
                <li key={p.id}>
                  <span className="service-record__tag">{t(`serviceRecord.pauses.relation.${p.relation}`)}</span> <strong>{pauseReason(w, p.reason)}</strong>{' '}
                  <span className="muted">
                    · {t('common.windowN', { n: p.counter })} · {at(p.startedAt, false)} {p.endedAt ? t('serviceRecord.pauses.until', { at: at(p.endedAt, false) }) : t('serviceRecord.pauses.stillUp')}
                    {p.staffId ? ` · ${staffName(w, p.staffId)}` : ''}
                    {p.approvedBy ? ` · ${t('serviceRecord.pauses.approvedBy', { who: staffName(w, p.approvedBy) })}` : ''}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </section>

        <section className="board__section" data-testid="service-record-ratings">
          <h3>{t('serviceRecord.ratings.title')}</h3>
          {record.ratings.length === 0 ? (
            <p className="muted">{t('serviceRecord.ratings.none')}</p>
          ) : (
            <ul className="service-record__list">
              {record.ratings.map((r) => (
                <li key={r.serviceId} data-testid="service-record-rating" data-value={r.value ?? ''} data-status={r.status}>
                  <strong className={r.low ? 'service-record__low' : ''}>{r.status === 'rated' ? (r.label ? local(r.label) : r.value) : t(`serviceRecord.ratings.status.${r.status}`)}</strong>{' '}
                  <span className="muted">
                    · {t('common.windowN', { n: r.counter })} · {staffName(w, r.tellerId)}
                    {r.ratedAt ? ` · ${at(r.ratedAt)}` : ''}
                    {r.source === 'customer_display' || r.source === 'rating_keypad' ? ` · ${t(`serviceRecord.ratings.source.${r.source}`)}` : ''}
                    {r.followUpId ? ` · ${t('serviceRecord.ratings.followUp')}` : ''}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </section>

        <section className="board__section" data-testid="service-record-complaints">
          <h3>{t('serviceRecord.complaints.title')}</h3>
          {record.complaints.length === 0 ? (
            <p className="muted">{t('serviceRecord.complaints.none')}</p>
          ) : (
            record.complaints.map((c) => (
              <div key={c.id} className="service-record__complaint" data-testid="service-record-complaint" data-status={c.status}>
                <p>
                  <strong>{t(`complaints.kinds.${c.kind as 'complaint'}`)}</strong> · {t(`complaints.categories.${c.category as 'attitude'}`)} · <span className="service-record__tag">{t(`complaints.statuses.${c.status as 'registered'}`)}</span>
                </p>
                <p className="muted">
                  {t('serviceRecord.complaints.receivedAt')} {at(c.receivedAt, false)} · {t('serviceRecord.complaints.owner')} {staffName(w, c.ownerId)}
                </p>
                {c.facts && <p className="service-record__facts">{c.facts}</p>}
                <ol className="service-record__steps">
                  {c.steps.map((s) => (
                    <li key={s.seq}>
                      <span className="service-record__time">{at(s.at, false)}</span> {t(`complaints.actions.${s.action as 'register'}`)} <span className="muted">· {staffName(w, s.by)}</span>
                      {s.note ? <span className="muted"> · {s.note}</span> : null}
                    </li>
                  ))}
                </ol>
              </div>
            ))
          )}
        </section>
      </div>

      <footer className="service-record__footer">
        <span>{t('serviceRecord.audited')}</span>
        <span className="service-record__print-only">{t('serviceRecord.printedAt', { at: formatDateTime(new Date(), lang, tz), who: viewer ? staffName(w, viewer) : '–' })}</span>
      </footer>
    </article>
  );
}

function Figure({ label, value, testId, none }: { label: string; value: number | null; testId: string; none: string }) {
  return (
    <div className="kpi" data-testid={testId} data-seconds={value ?? ''}>
      <span className="kpi__label">{label}</span>
      <span className="kpi__value">{value === null ? none : formatDuration(value)}</span>
    </div>
  );
}

/** One recording: its facts and flags, and a bar of its length with every event marked on it. */
function RecordingTrack({
  n,
  recording: r,
  entries,
  words: w,
  record,
  isOpen,
  position,
  current,
  onPlay,
}: {
  n: number;
  recording: RecordRecording;
  entries: TimelineEntry[];
  words: Words;
  record: ServiceRecord;
  isOpen: boolean;
  position: number | null;
  current: string | null;
  onPlay: (seconds?: number) => void;
}) {
  const { t } = w;
  const lengthS = Math.max(r.durationMs / 1000, 0.001);
  const pct = (s: number) => `${Math.min(100, Math.max(0, (s / lengthS) * 100)).toFixed(2)}%`;
  const flags = flagLabels(w, r.flags);
  return (
    <div className={`service-record__track${isOpen ? ' is-open' : ''}`} data-testid={`recording-${r.id}`} data-flags={r.flags.join(' ')} data-on-hub={r.onHub}>
      <div className="service-record__track-head">
        <strong>{t('serviceRecord.recordings.recording', { n })}</strong>
        <span>{t('serviceRecord.recordings.window', { n: r.counter })}</span>
        <span>{t('serviceRecord.recordings.duration', { d: clock(r.durationMs / 1000) })}</span>
        <span className="muted">{staffName(w, r.tellerId)}</span>
        {r.flags.map((f, i) => (
          <span key={f} className="service-record__flag" title={t(`serviceRecord.flagHints.${f}`)} data-testid={`flag-${f}`}>
            {flags[i]}
          </span>
        ))}
        {r.heldForDispute && <span className="service-record__tag service-record__tag--held">{t('serviceRecord.recordings.held')}</span>}
        <span className="muted">{r.atHeadOfficeAt ? t('serviceRecord.recordings.atHq') : t('serviceRecord.recordings.notAtHq')}</span>
        <button type="button" className="button button--small button--primary service-record__screen-only" disabled={!r.onHub} onClick={() => onPlay()} data-testid={`play-${r.id}`}>
          {t('serviceRecord.recordings.play')}
        </button>
      </div>
      {r.flags.length > 0 && (
        <ul className="service-record__flag-hints">
          {r.flags.map((f) => (
            <li key={f}>{t(`serviceRecord.flagHints.${f}`)}</li>
          ))}
        </ul>
      )}
      {!r.onHub && <p className="muted">{t('serviceRecord.recordings.notOnHub')}</p>}
      <div className="service-record__bar" aria-label={t('serviceRecord.recordings.marks')}>
        {position !== null && <span className="service-record__playhead" style={{ left: pct(position) }} data-testid="playhead" />}
        {entries.map((e, i) => (
          <button
            key={e.id}
            type="button"
            className={`service-record__mark service-record__mark--${e.kind} service-record__mark--lane${i % 3}${e.offsetSeconds! / lengthS > 0.8 ? ' service-record__mark--end' : ''}${current === e.id ? ' is-current' : ''}`}
            style={{ left: pct(e.offsetSeconds!) }}
            title={`${clock(e.offsetSeconds!)} ${entryTitle(w, e)} ${entryDetail(w, e, record)}`}
            data-testid={`mark-${e.id}`}
            data-offset={e.offsetSeconds}
            disabled={!r.onHub}
            onClick={() => onPlay(e.offsetSeconds!)}
          >
            <span className="service-record__mark-label">{entryTitle(w, e)}</span>
          </button>
        ))}
      </div>
      <div className="service-record__bar-scale muted">
        <span>0:00</span>
        <span>{clock(lengthS)}</span>
      </div>
    </div>
  );
}
