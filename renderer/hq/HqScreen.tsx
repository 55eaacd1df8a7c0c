import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { QueueError } from '../../shared/api/errors.js';
import { BranchSummary } from './BranchSummary.js';
import { HqConsole, TokenForm } from './HqConsole.js';
import { fetchHqSummary, saveAdminToken, takeAdminToken } from './hqApi.js';
import type { SummaryAnswer } from './hqApi.js';
import { LangSwitcher } from '../ui/LangSwitcher.js';
import { ConfigPanel } from './config/ConfigPanel.js';
import { EvaluationPanel } from './evaluation/EvaluationPanel.js';
import { FiguresPanel } from './figures/FiguresPanel.js';
import { RankingsPanel } from './figures/RankingsPanel.js';
import { ReportsPanel } from './figures/ReportsPanel.js';
import '../ui/board.css';

const POLL_MS = 15_000;

/**
 * /hq: served by head office, the console of every branch (behind the admin token); served by a
 * branch hub, that branch's summary and a link to head office. The API answers which one it is.
 */
export function HqScreen() {
  const { t } = useTranslation();
  const [token, setToken] = useState<string | null>(() => takeAdminToken());
  const [answer, setAnswer] = useState<SummaryAnswer | null>(null);
  const [error, setError] = useState<QueueError | null>(null);
  const [refused, setRefused] = useState(false);
  const [tab, setTab] = useState<'overview' | 'figures' | 'rankings' | 'reports' | 'config' | 'evaluation'>('overview');

  const load = useCallback(async (tok: string | null) => {
    try {
      const a = await fetchHqSummary(tok);
      setAnswer(a);
      setError(null);
      if (a.kind === 'unauthorized' && tok) {
        setRefused(true);
        saveAdminToken(null);
        setToken(null);
      }
    } catch (err) {
      setError(err instanceof QueueError ? err : new QueueError('internal', String(err)));
    }
  }, []);

  useEffect(() => {
    void load(token);
    const timer = setInterval(() => void load(token), POLL_MS);
    return () => clearInterval(timer);
  }, [token, load]);

  if (answer?.kind === 'not-head-office') return <BranchSummary />;

  return (
    <main className="board" data-testid="hq">
      <header className="board__header">
        <div>
          <p className="board__kicker">{t('hq.title')}</p>
          <h1>{t('hq.console.title')}</h1>
        </div>
        <div className="board__header-right">
          {token && (
            <button
              type="button"
              className="button"
              onClick={() => {
                saveAdminToken(null);
                setToken(null);
              }}
            >
              {t('hq.console.signOut')}
            </button>
          )}
          <LangSwitcher />
        </div>
      </header>
      {error && (
        <div className={error.code === 'hub_unreachable' ? 'offline-banner' : 'board__alert'} role="alert" data-testid={error.code === 'hub_unreachable' ? 'offline-banner' : 'hq-error'}>
          <strong>{error.code === 'hub_unreachable' ? t('common.offline.title') : t(`errors.${error.code}`)}</strong>
        </div>
      )}
      {answer?.kind === 'unauthorized' && (
        <TokenForm
          refused={refused}
          onSubmit={(tok) => {
            saveAdminToken(tok);
            setRefused(false);
            setToken(tok);
          }}
        />
      )}
      {answer?.kind === 'summary' && token && (
        <nav className="cfg-tabs hq-tabs" role="tablist">
          {(['overview', 'figures', 'rankings', 'reports', 'config', 'evaluation'] as const).map((id) => (
            <button key={id} type="button" role="tab" aria-selected={tab === id} className={`cfg-tab${tab === id ? ' cfg-tab--on' : ''}`} onClick={() => setTab(id)} data-testid={`hq-tab-${id}`}>
              {id === 'evaluation' ? t('hqEvaluation.tab') : id === 'figures' || id === 'rankings' || id === 'reports' ? t(`hqFigures.tabs.${id}`) : t(`hqConfig.tabs.${id}`)}
            </button>
          ))}
        </nav>
      )}
      {answer?.kind === 'summary' && (tab === 'overview' || !token) && <HqConsole summary={answer.summary} token={token} />}
      {answer?.kind === 'summary' && tab === 'figures' && token && <FiguresPanel token={token} />}
      {answer?.kind === 'summary' && tab === 'rankings' && token && <RankingsPanel token={token} />}
      {answer?.kind === 'summary' && tab === 'reports' && token && <ReportsPanel token={token} />}
      {answer?.kind === 'summary' && tab === 'config' && token && <ConfigPanel token={token} />}
      {answer?.kind === 'summary' && tab === 'evaluation' && token && <EvaluationPanel token={token} />}
      {!answer && !error && <p className="muted">{t('common.loading')}</p>}
    </main>
  );
}
