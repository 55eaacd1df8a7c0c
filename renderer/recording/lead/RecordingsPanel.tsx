import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BranchConfig, StaffRole } from '../../../shared/config/schema.js';
import { may } from '../../../shared/access/roles.js';
import { canListen } from '../../../shared/recording/access.js';
import type { ListenLogRow, ReplayGrant } from '../../../shared/recording/access.js';
import type { RecordingSearchQuery } from '../../../shared/recording/search.js';
import type { RecordingSearchHit, RecordingSearchResponse } from '../../../shared/recording/searchResult.js';
import { errorText } from '../../i18n/errorText.js';
import { useLang, useLocalized } from '../../i18n/index.js';
import { useWindowStaffStore } from '../../queue/windowStaff.js';
import { formatDateTime, formatDuration } from '../../ui/format.js';
import { ServiceRecordLink } from '../../ui/ServiceRecordLink.js';
import { ReviewThreadView } from '../ReviewThread.js';
import { LeadRecordingsApi } from './leadApi.js';
import { LiveListener } from './liveListener.js';
import type { LiveStatus } from './liveListener.js';
import '../../ui/board.css';
import './leadRecordings.css';
import { DateField } from '../../ui/DateFields.js';

const api = new LeadRecordingsApi();

/**
 * The lead's recordings (/lead/recordings): listen live to a counter, find and replay
 * recordings, see who listened. A panel of the lead station (lead/LeadScreen.tsx), which signs
 * the lead or auditor in once for all its pages; the hub checks the session's role may 'listen'
 * on every request, and this panel only says so when it may not.
 */
export function RecordingsPanel({ config, role }: { config: BranchConfig; role: StaffRole }) {
  const { t } = useTranslation();
  const [logVersion, setLogVersion] = useState(0);
  const bumpLog = useCallback(() => setLogVersion((v) => v + 1), []);
  if (!canListen(role)) {
    return (
      <p className="recordings__forbidden" role="alert" data-testid="recordings-forbidden">
        {t('recording.lead.signIn.forbidden', { role: t(`leadStation.roles.${role}`) })}
      </p>
    );
  }
  return (
    <div className="recordings" data-testid="lead-recordings">
      <LivePanel config={config} onListen={bumpLog} />
      <SearchPanel config={config} onListen={bumpLog} />
      <ListenLog config={config} version={logVersion} />
    </div>
  );
}

interface PanelProps {
  config: BranchConfig;
  onListen: () => void;
}

function LivePanel({ config, onListen }: PanelProps) {
  const { t } = useTranslation();
  const windows = useWindowStaffStore((s) => s.windows);
  const local = useLocalized();
  const [online, setOnline] = useState<number[]>([]);
  const [listening, setListening] = useState<number | null>(null);
  const [status, setStatus] = useState<LiveStatus | null>(null);
  const listener = useRef<LiveListener | null>(null);

  useEffect(() => {
    let stop = false;
    const refresh = () =>
      api.status().then(
        (s) => !stop && setOnline(s.live),
        () => undefined,
      );
    void refresh();
    const timer = setInterval(() => void refresh(), 5_000);
    return () => {
      stop = true;
      clearInterval(timer);
    };
  }, []);

  useEffect(() => () => listener.current?.stop(), []);

  const toggle = async (counter: number) => {
    listener.current?.stop();
    listener.current = null;
    if (listening === counter) {
      setListening(null);
      return;
    }
    setListening(counter);
    setStatus(null);
    const l = new LiveListener({ hubUrl: await api.hubUrl(), counter, onStatus: setStatus });
    listener.current = l;
    l.start();
    setTimeout(onListen, 500);
  };

  const phaseText = (s: LiveStatus | null): string => {
    if (!s) return t('recording.lead.live.connecting');
    switch (s.phase) {
      case 'connecting':
        return t('recording.lead.live.connecting');
      case 'waiting':
        return t('recording.lead.live.waiting');
      case 'playing':
        return t('recording.lead.live.playing');
      case 'offline':
        return t('recording.lead.live.offline');
      case 'unsupported':
        return t('recording.lead.live.unsupported');
      case 'closed':
        return t('recording.lead.live.closed', { reason: s.reason ?? '' });
    }
  };

  return (
    <section className="board__section">
      <h2>{t('recording.lead.live.title')}</h2>
      <div className="board__cards recordings__live" data-testid="live-counters">
        {config.counters.map((c) => {
          // Who is signed in at the window now (the hub's window.staff frames), not the configured teller.
          const teller = windows[c.number]?.staff ?? null;
          const isOn = online.includes(c.number);
          const active = listening === c.number;
          return (
            <article key={c.number} className={`board-card recordings__live-card${active ? ' is-active' : ''}`} data-testid={`live-counter-${c.number}`} data-online={isOn}>
              <header>
                <span className="board-card__window">{t('common.windowN', { n: c.number })}</span>
                <span className={`status-chip ${isOn ? 'status-chip--serving' : 'status-chip--idle'}`}>{isOn ? t('recording.lead.live.online') : t('recording.lead.live.offline')}</span>
              </header>
              <p className="board-card__teller">{teller ? local(teller.name) : '–'}</p>
              {active && (
                <p className="recordings__live-status" data-testid="live-status" data-phase={status?.phase ?? 'connecting'} data-latency-ms={status?.latencyMs ?? ''} data-packets={status?.packets ?? 0}>
                  {phaseText(status)}
                  {status?.latencyMs != null && <span className="muted"> · {t('recording.lead.live.latency', { ms: status.latencyMs })}</span>}
                </p>
              )}
              <button type="button" className={`button ${active ? 'button--danger' : 'button--primary'}`} data-testid={`live-listen-${c.number}`} onClick={() => void toggle(c.number)}>
                {active ? t('recording.lead.live.stop') : t('recording.lead.live.listen')}
              </button>
            </article>
          );
        })}
      </div>
    </section>
  );
}

interface SearchForm {
  counter: string;
  teller: string;
  ticket: string;
  date: string;
  minSeconds: string;
  maxSeconds: string;
  rating: string;
}

const emptyForm: SearchForm = { counter: '', teller: '', ticket: '', date: '', minSeconds: '', maxSeconds: '', rating: '' };

function SearchPanel({ config, onListen }: PanelProps) {
  const { t } = useTranslation();
  const lang = useLang();
  const local = useLocalized();
  const [form, setForm] = useState<SearchForm>(emptyForm);
  const [result, setResult] = useState<RecordingSearchResponse | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [playing, setPlaying] = useState<{ hit: RecordingSearchHit; grant: ReplayGrant; url: string } | null>(null);
  // Everyone who may serve at a window (whoever was signed in there when it was recorded).
  const tellers = useMemo(() => config.staff.filter((s) => may(s.role, 'serve')), [config]);
  const nameOf = (id: string) => {
    const s = config.staff.find((x) => x.id === id);
    return s ? local(s.name) : id;
  };
  const levels = config.standards.ratings.scale.levels;

  const search = useCallback(
    async (f: SearchForm) => {
      setError(null);
      const query: Partial<Record<keyof RecordingSearchQuery, string>> = {
        counter: f.counter,
        teller: f.teller,
        ticket: f.ticket,
        date: f.date,
        minSeconds: f.minSeconds,
        maxSeconds: f.maxSeconds,
        minRating: f.rating,
        maxRating: f.rating,
      };
      try {
        setResult(await api.search(query as Partial<RecordingSearchQuery>));
      } catch (err) {
        setError(errorText(t, err));
      }
    },
    [t],
  );

  useEffect(() => {
    void search(emptyForm);
  }, [search]);

  const play = async (hit: RecordingSearchHit) => {
    setError(null);
    try {
      const grant = await api.replay(hit.id);
      setPlaying({ hit, grant, url: `${await api.hubUrl()}${grant.audioPath}` });
      onListen();
    } catch (err) {
      setError(errorText(t, err));
    }
  };

  const field = (key: keyof SearchForm) => ({
    value: form[key],
    onChange: (e: { target: { value: string } }) => setForm((f) => ({ ...f, [key]: e.target.value })),
    'data-testid': `search-${key}`,
  });

  return (
    <section className="board__section">
      <h2>{t('recording.lead.search.title')}</h2>
      <form
        className="recordings__search"
        data-testid="recordings-search"
        onSubmit={(e) => {
          e.preventDefault();
          void search(form);
        }}
      >
        <label>
          {t('recording.lead.search.counter')}
          <select {...field('counter')}>
            <option value="">{t('recording.lead.search.any')}</option>
            {config.counters.map((c) => (
              <option key={c.number} value={c.number}>
                {t('common.windowN', { n: c.number })}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('recording.lead.search.teller')}
          <select {...field('teller')}>
            <option value="">{t('recording.lead.search.any')}</option>
            {tellers.map((s) => (
              <option key={s.id} value={s.id}>
                {local(s.name)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('recording.lead.search.ticket')}
          <input type="text" placeholder="A012" maxLength={5} {...field('ticket')} />
        </label>
        <label>
          {t('recording.lead.search.date')}
          <DateField value={form.date} onChange={(v) => setForm((f) => ({ ...f, date: v }))} data-testid="search-date" />
        </label>
        <label>
          {t('recording.lead.search.minSeconds')}
          <input type="number" min={0} {...field('minSeconds')} />
        </label>
        <label>
          {t('recording.lead.search.maxSeconds')}
          <input type="number" min={0} {...field('maxSeconds')} />
        </label>
        <label>
          {t('recording.lead.search.rating')}
          <select {...field('rating')}>
            <option value="">{t('recording.lead.search.ratingAny')}</option>
            {levels.map((l) => (
              <option key={l.value} value={l.value}>
                {local(l.label)}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="button button--primary" data-testid="search-submit">
          {t('recording.lead.search.submit')}
        </button>
      </form>
      {error && (
        <p className="recordings__error" role="alert" data-testid="recordings-error">
          {t('recording.lead.error', { message: error })}
        </p>
      )}
      {playing && (
        <div className="recordings__player" data-testid="replay-player">
          <p>
            <strong>{t('recording.lead.player.title', { ticket: playing.hit.ticketNumber ?? '–', window: t('common.windowN', { n: playing.hit.counter }) })}</strong>
            <span className="muted"> · {formatDateTime(new Date(playing.hit.startedAt), lang, config.hours.timezone)}</span>
          </p>
          <audio controls autoPlay preload="metadata" src={playing.url} data-testid="replay-audio" data-recording={playing.hit.id} />
          <button type="button" className="button button--small" onClick={() => setPlaying(null)}>
            {t('recording.lead.player.close')}
          </button>
          <ReviewThreadView recordingId={playing.hit.id} writeAs="lead" nameOf={nameOf} timeZone={config.hours.timezone} />
        </div>
      )}
      {result && (
        <>
          <p className="muted" data-testid="recordings-total" data-total={result.total}>
            {t('recording.lead.search.results', { n: result.total })}
          </p>
          {result.recordings.length === 0 ? (
            <p className="muted">{t('recording.lead.search.none')}</p>
          ) : (
            <table className="board__table recordings__results" data-testid="recordings-results">
              <thead>
                <tr>
                  <th>{t('recording.lead.search.columns.time')}</th>
                  <th>{t('recording.lead.search.columns.counter')}</th>
                  <th>{t('recording.lead.search.columns.teller')}</th>
                  <th>{t('recording.lead.search.columns.ticket')}</th>
                  <th className="num">{t('recording.lead.search.columns.duration')}</th>
                  <th>{t('recording.lead.search.columns.rating')}</th>
                  <th>{t('recording.lead.search.columns.where')}</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {result.recordings.map((r) => {
                  const level = r.rating === null ? undefined : levels.find((l) => l.value === r.rating);
                  return (
                    <tr key={r.id} data-testid={`recording-result-${r.ticketNumber ?? r.id}`} data-recording-id={r.id} data-on-hub={r.onHub} data-at-hq={r.atHeadOfficeAt !== null} data-flags={r.flags.join(' ')}>
                      <td>{formatDateTime(new Date(r.startedAt), lang, config.hours.timezone)}</td>
                      <td>{t('common.windowN', { n: r.counter })}</td>
                      <td>{nameOf(r.tellerId)}</td>
                      <td className="strong">
                        {r.ticketNumber ?? '–'}
                        {r.heldForDispute && <span className="recordings__tag recordings__tag--held">{t('recording.lead.search.held')}</span>}
                        {r.finishedAs === 'interrupted' && <span className="recordings__tag">{t('recording.lead.search.interrupted')}</span>}
                        {/* Empty, silent, cut short (shared/recording/evidence.ts): what this file is worth as evidence. */}
                        {r.flags.map((f) => (
                          <span key={f} className="recordings__tag recordings__tag--flag" title={t(`serviceRecord.flagHints.${f}`)} data-testid={`recording-flag-${f}`}>
                            {t(`serviceRecord.flags.${f}`)}
                          </span>
                        ))}
                      </td>
                      <td className="num">{formatDuration(r.durationMs / 1000)}</td>
                      <td>{level ? local(level.label) : r.rating ?? '–'}</td>
                      <td className="muted">{r.atHeadOfficeAt ? t('recording.lead.search.atHq') : r.onHub ? '' : t('recording.lead.search.notOnHub')}</td>
                      <td>
                        <button type="button" className="button button--small button--primary" disabled={!r.onHub} data-testid={`play-${r.ticketNumber ?? r.id}`} onClick={() => void play(r)}>
                          {t('recording.lead.search.play')}
                        </button>
                        {r.ticketId && <ServiceRecordLink ticketId={r.ticketId} className="recordings__record-link" testId={`service-record-${r.ticketNumber ?? r.id}`} />}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          )}
        </>
      )}
    </section>
  );
}

function ListenLog({ config, version }: { config: BranchConfig; version: number }) {
  const { t } = useTranslation();
  const lang = useLang();
  const local = useLocalized();
  const [rows, setRows] = useState<ListenLogRow[] | null>(null);

  useEffect(() => {
    let stop = false;
    const refresh = () =>
      api.listens().then(
        (r) => !stop && setRows(r),
        () => undefined,
      );
    void refresh();
    const timer = setInterval(() => void refresh(), 5_000);
    return () => {
      stop = true;
      clearInterval(timer);
    };
  }, [version]);

  const nameOf = (id: string) => {
    const s = config.staff.find((x) => x.id === id);
    return s ? local(s.name) : id;
  };

  return (
    <section className="board__section">
      <h2>{t('recording.lead.log.title')}</h2>
      {rows === null || rows.length === 0 ? (
        <p className="muted">{t('recording.lead.log.none')}</p>
      ) : (
        <table className="board__table" data-testid="listen-log">
          <thead>
            <tr>
              <th>{t('recording.lead.log.columns.at')}</th>
              <th>{t('recording.lead.log.columns.who')}</th>
              <th>{t('recording.lead.log.columns.mode')}</th>
              <th>{t('recording.lead.log.columns.what')}</th>
              <th>{t('recording.lead.log.columns.until')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.id} data-testid="listen-log-row" data-mode={r.mode} data-staff={r.staffId} data-recording={r.recordingId ?? ''}>
                <td>{formatDateTime(new Date(r.at), lang, config.hours.timezone)}</td>
                <td>
                  {nameOf(r.staffId)} <span className="muted">{t(`leadStation.roles.${r.role}`)}</span>
                </td>
                <td>{r.mode === 'live' ? t('recording.lead.log.live') : t('recording.lead.log.replay')}</td>
                <td>
                  {t('recording.lead.log.window', { n: r.counter })}
                  {r.ticketNumber && <strong> · {r.ticketNumber}</strong>}
                </td>
                <td className="muted">{r.endedAt ? formatDateTime(new Date(r.endedAt), lang, config.hours.timezone) : '–'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
