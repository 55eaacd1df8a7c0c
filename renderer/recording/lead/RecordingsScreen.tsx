import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { QueueError } from '../../../shared/api/errors.js';
import type { BranchConfig } from '../../../shared/config/schema.js';
import { canListen } from '../../../shared/recording/access.js';
import type { ListenLogRow, ReplayGrant } from '../../../shared/recording/access.js';
import type { RecordingSearchQuery } from '../../../shared/recording/search.js';
import type { RecordingSearchHit, RecordingSearchResponse } from '../../../shared/recording/searchResult.js';
import { useLang, useLocalized } from '../../i18n/index.js';
import { withLang } from '../../i18n/lang.js';
import { ConfigGate } from '../../ui/ConfigGate.js';
import { formatDateTime, formatDuration } from '../../ui/format.js';
import { LangSwitcher } from '../../ui/LangSwitcher.js';
import { LeadRecordingsApi } from './leadApi.js';
import { LiveListener } from './liveListener.js';
import type { LiveStatus } from './liveListener.js';
import { useLeadSession } from './session.js';
import '../../ui/board.css';
import './leadRecordings.css';

const api = new LeadRecordingsApi();

/** /lead/recordings: the lead listens live to a counter, finds and replays recordings, and sees who listened. */
export function RecordingsScreen() {
  return <ConfigGate>{(config) => <RecordingsBody config={config} />}</ConfigGate>;
}

function RecordingsBody({ config }: { config: BranchConfig }) {
  const { t } = useTranslation();
  const lang = useLang();
  const local = useLocalized();
  const session = useLeadSession((s) => s.session);
  const signOut = useLeadSession((s) => s.signOut);
  const staff = session ? config.staff.find((s) => s.id === session.staffId) : undefined;
  const [logVersion, setLogVersion] = useState(0);
  const bumpLog = useCallback(() => setLogVersion((v) => v + 1), []);
  // The hub answered 401: the token expired or the hub restarted.
  const onAuthError = useCallback(
    (err: unknown) => {
      if (err instanceof QueueError && err.code === 'unauthorized') signOut();
    },
    [signOut],
  );

  return (
    <main className="board recordings" data-testid="lead-recordings">
      <header className="board__header">
        <div>
          <p className="board__kicker">{t('recording.lead.title')}</p>
          <h1>{local(config.name)}</h1>
        </div>
        <div className="board__header-right">
          {session && (
            <span className="recordings__who" data-testid="recordings-signed-in" data-role={session.role}>
              {t('recording.lead.signIn.signedInAs', { name: staff ? local(staff.name) : session.staffId, role: t(`recording.lead.roles.${session.role}`) })}
              <button type="button" className="button button--small" data-testid="recordings-sign-out" onClick={signOut}>
                {t('recording.lead.signIn.signOut')}
              </button>
            </span>
          )}
          <a className="button button--small" href={withLang('/lead', lang)}>
            {t('recording.lead.back')}
          </a>
          <LangSwitcher />
        </div>
      </header>
      {!session ? (
        <SignIn config={config} />
      ) : !canListen(session.role) ? (
        <p className="recordings__forbidden" role="alert" data-testid="recordings-forbidden">
          {t('recording.lead.signIn.forbidden', { role: t(`recording.lead.roles.${session.role}`) })}
        </p>
      ) : (
        <>
          <LivePanel config={config} token={session.token} onListen={bumpLog} onAuthError={onAuthError} />
          <SearchPanel config={config} token={session.token} onListen={bumpLog} onAuthError={onAuthError} />
          <ListenLog config={config} token={session.token} version={logVersion} onAuthError={onAuthError} />
        </>
      )}
    </main>
  );
}

function SignIn({ config }: { config: BranchConfig }) {
  const { t } = useTranslation();
  const local = useLocalized();
  const signedIn = useLeadSession((s) => s.signedIn);
  // Everyone who can sign in is offered; the hub decides what each role may do.
  const people = config.staff.filter((s) => s.pinHash !== undefined);
  const [staffId, setStaffId] = useState(people.find((s) => canListen(s.role))?.id ?? people[0]?.id ?? '');
  const [pin, setPin] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      signedIn(await api.signIn(staffId, pin));
    } catch (err) {
      setError(String((err as Error)?.message ?? err));
    } finally {
      setBusy(false);
      setPin('');
    }
  };

  return (
    <section className="board__section recordings__signin">
      <h2>{t('recording.lead.signIn.title')}</h2>
      <p className="muted">{t('recording.lead.signIn.hint')}</p>
      <form onSubmit={(e) => void submit(e)} data-testid="recordings-sign-in">
        <label>
          {t('recording.lead.signIn.staff')}
          <select value={staffId} onChange={(e) => setStaffId(e.target.value)} data-testid="sign-in-staff">
            {people.map((s) => (
              <option key={s.id} value={s.id}>
                {local(s.name)} · {t(`recording.lead.roles.${s.role}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('recording.lead.signIn.pin')}
          <input type="password" inputMode="numeric" autoComplete="off" value={pin} onChange={(e) => setPin(e.target.value)} data-testid="sign-in-pin" />
        </label>
        <button type="submit" className="button button--primary" disabled={busy || !staffId || pin.length < 4} data-testid="sign-in-submit">
          {t('recording.lead.signIn.submit')}
        </button>
      </form>
      {error && (
        <p className="recordings__error" role="alert" data-testid="sign-in-error">
          {t('recording.lead.signIn.failed', { message: error })}
        </p>
      )}
    </section>
  );
}

interface PanelProps {
  config: BranchConfig;
  token: string;
  onListen: () => void;
  onAuthError: (err: unknown) => void;
}

function LivePanel({ config, token, onListen, onAuthError }: PanelProps) {
  const { t } = useTranslation();
  const local = useLocalized();
  const [online, setOnline] = useState<number[]>([]);
  const [listening, setListening] = useState<number | null>(null);
  const [status, setStatus] = useState<LiveStatus | null>(null);
  const listener = useRef<LiveListener | null>(null);

  useEffect(() => {
    let stop = false;
    const refresh = () =>
      api.status(token).then(
        (s) => !stop && setOnline(s.live),
        (err: unknown) => onAuthError(err),
      );
    void refresh();
    const timer = setInterval(() => void refresh(), 5_000);
    return () => {
      stop = true;
      clearInterval(timer);
    };
  }, [token, onAuthError]);

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
    const l = new LiveListener({ hubUrl: await api.hubUrl(), token, counter, onStatus: setStatus });
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
          const teller = config.staff.find((s) => s.id === c.staffId);
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

function SearchPanel({ config, token, onListen, onAuthError }: PanelProps) {
  const { t } = useTranslation();
  const lang = useLang();
  const local = useLocalized();
  const [form, setForm] = useState<SearchForm>(emptyForm);
  const [result, setResult] = useState<RecordingSearchResponse | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [playing, setPlaying] = useState<{ hit: RecordingSearchHit; grant: ReplayGrant; url: string } | null>(null);
  const tellers = useMemo(() => config.staff.filter((s) => config.counters.some((c) => c.staffId === s.id)), [config]);
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
        setResult(await api.search(token, query as Partial<RecordingSearchQuery>));
      } catch (err) {
        onAuthError(err);
        setError(String((err as Error)?.message ?? err));
      }
    },
    [token, onAuthError],
  );

  useEffect(() => {
    void search(emptyForm);
  }, [search]);

  const play = async (hit: RecordingSearchHit) => {
    setError(null);
    try {
      const grant = await api.replay(token, hit.id);
      setPlaying({ hit, grant, url: `${await api.hubUrl()}${grant.audioPath}` });
      onListen();
    } catch (err) {
      onAuthError(err);
      setError(String((err as Error)?.message ?? err));
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
          <input type="date" {...field('date')} />
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
                    <tr key={r.id} data-testid={`recording-result-${r.ticketNumber ?? r.id}`} data-recording-id={r.id} data-on-hub={r.onHub} data-at-hq={r.atHeadOfficeAt !== null}>
                      <td>{formatDateTime(new Date(r.startedAt), lang, config.hours.timezone)}</td>
                      <td>{t('common.windowN', { n: r.counter })}</td>
                      <td>{nameOf(r.tellerId)}</td>
                      <td className="strong">
                        {r.ticketNumber ?? '–'}
                        {r.heldForDispute && <span className="recordings__tag recordings__tag--held">{t('recording.lead.search.held')}</span>}
                        {r.finishedAs === 'interrupted' && <span className="recordings__tag">{t('recording.lead.search.interrupted')}</span>}
                      </td>
                      <td className="num">{formatDuration(r.durationMs / 1000)}</td>
                      <td>{level ? local(level.label) : r.rating ?? '–'}</td>
                      <td className="muted">{r.atHeadOfficeAt ? t('recording.lead.search.atHq') : r.onHub ? '' : t('recording.lead.search.notOnHub')}</td>
                      <td>
                        <button type="button" className="button button--small button--primary" disabled={!r.onHub} data-testid={`play-${r.ticketNumber ?? r.id}`} onClick={() => void play(r)}>
                          {t('recording.lead.search.play')}
                        </button>
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

function ListenLog({ config, token, version, onAuthError }: { config: BranchConfig; token: string; version: number; onAuthError: (err: unknown) => void }) {
  const { t } = useTranslation();
  const lang = useLang();
  const local = useLocalized();
  const [rows, setRows] = useState<ListenLogRow[] | null>(null);

  useEffect(() => {
    let stop = false;
    const refresh = () =>
      api.listens(token).then(
        (r) => !stop && setRows(r),
        (err: unknown) => onAuthError(err),
      );
    void refresh();
    const timer = setInterval(() => void refresh(), 5_000);
    return () => {
      stop = true;
      clearInterval(timer);
    };
  }, [token, version, onAuthError]);

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
                  {nameOf(r.staffId)} <span className="muted">{t(`recording.lead.roles.${r.role}`)}</span>
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
