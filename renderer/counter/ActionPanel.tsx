import { useEffect, useRef } from 'react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { BranchConfig, Counter } from '../../shared/config/schema.js';
import { noShowCheck } from '../../shared/queue/rules/index.js';
import type { Ticket } from '../../shared/queue/ticket.js';
import { useNow } from '../queue/useQueue.js';
import { subscribeKeypad } from '../input/keypadActions.js';
import { SHORTCUTS, actionForKey, actionForKeypad } from '../input/shortcuts.js';
import type { ShortcutAction } from '../input/shortcuts.js';
import { useCounterStore } from './store.js';
import { useWindowState } from '../pause/windowsStore.js';

export type DialogKind = 'finish' | 'transfer' | 'addItem' | 'callChosen' | 'walkInFinish';

interface ActionPanelProps {
  config: BranchConfig;
  counter: Counter;
  current: Ticket | null;
  waitingCount: number;
  dialogOpen: boolean;
  onDialog: (kind: DialogKind) => void;
}

interface ActionSpec {
  enabled: boolean;
  /** Why it is disabled (shown under the button). */
  why?: string;
  run: () => void;
}

export function ActionPanel({ config, counter, current, waitingCount, dialogOpen, onDialog }: ActionPanelProps) {
  const { t } = useTranslation();
  // While the pause sign is up the hub calls nobody here (renderer/pause).
  const paused = useWindowState(counter.number)?.pause != null;
  const now = useNow(1000);
  const busy = useCounterStore((s) => s.busy);
  const run = useCounterStore((s) => s.run);
  const ctx = current ? { ticketId: current.id, number: current.number } : {};
  const called = current?.status === 'called';
  const active = current !== null;
  const noShow = current ? noShowCheck(current, config.policy, now) : null;

  const noShowWhy = (): string | undefined => {
    if (!noShow) return t('counter.why.noTicket');
    if (noShow.ok) return undefined;
    if (noShow.reason === 'needs_recalls') return t('counter.why.needsRecalls', { n: noShow.recallsNeeded ?? 1 });
    if (noShow.reason === 'too_soon') return t('counter.why.tooSoon', { s: noShow.secondsLeft ?? 0 });
    return t('counter.why.notCalled');
  };

  const actions: Record<ShortcutAction, ActionSpec> = {
    callNext: {
      enabled: !called && !paused,
      why: paused ? t('pause.why.paused') : called ? t('counter.why.stillCalled') : undefined,
      run: () => void run('call-next', {}),
    },
    recall: { enabled: called, why: called ? undefined : t('counter.why.notCalled'), run: () => void run('recall', {}, ctx) },
    noShow: { enabled: noShow?.ok === true, why: noShowWhy(), run: () => void run('no-show', {}, ctx) },
    start: { enabled: called, why: called ? undefined : t('counter.why.notCalled'), run: () => void run('start', {}, ctx) },
    finish: { enabled: active, why: active ? undefined : t('counter.why.noTicket'), run: () => onDialog('finish') },
    hold: { enabled: active, why: active ? undefined : t('counter.why.noTicket'), run: () => void run('hold', {}, ctx) },
    transfer: { enabled: active, why: active ? undefined : t('counter.why.noTicket'), run: () => onDialog('transfer') },
    addItem: {
      enabled: current?.status === 'serving',
      why: current?.status === 'serving' ? undefined : t('counter.why.notServing'),
      run: () => onDialog('addItem'),
    },
    callChosen: {
      enabled: waitingCount > 0 && !called && !paused,
      why: paused ? t('pause.why.paused') : called ? t('counter.why.stillCalled') : waitingCount === 0 ? t('counter.why.nobodyWaiting') : undefined,
      run: () => onDialog('callChosen'),
    },
  };

  // Function keys; not while a dialog is open or the teller types in a field.
  const latest = useRef({ actions, busy, dialogOpen });
  latest.current = { actions, busy, dialogOpen };
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const action = actionForKey(e);
      if (!action) return;
      e.preventDefault();
      const { actions: a, busy: b, dialogOpen: d } = latest.current;
      const target = e.target as HTMLElement | null;
      if (d || b || target?.closest('input, textarea, select')) return;
      if (a[action].enabled) a[action].run();
    };
    window.addEventListener('keydown', onKey);
    // The caller keypad's learned keys (renderer/keypad): the same rules as the function keys.
    const offKeypad = subscribeKeypad((e) => {
      const action = actionForKeypad(e.action);
      const { actions: a, busy: b, dialogOpen: d } = latest.current;
      if (!action || d || b) return;
      if (a[action].enabled) a[action].run();
    });
    return () => {
      window.removeEventListener('keydown', onKey);
      offKeypad();
    };
  }, []);

  const button = (action: ShortcutAction, variant: string, extra?: ReactNode) => {
    const spec = actions[action];
    const testId = `action-${action.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
    return (
      <button
        type="button"
        className={`action action--${variant}`}
        data-testid={action === 'callNext' ? 'call-next' : testId}
        disabled={!spec.enabled || busy !== null}
        onClick={spec.run}
        title={spec.why}
        aria-keyshortcuts={SHORTCUTS[action]}
      >
        <span className="action__label">
          {t(`counter.actions.${action}`)}
          {extra}
        </span>
        <kbd className="action__key">{SHORTCUTS[action]}</kbd>
        {!spec.enabled && spec.why && <span className="action__why">{spec.why}</span>}
      </button>
    );
  };

  return (
    <div className="actions" data-testid="counter-actions" data-busy={busy ?? ''}>
      <div className="actions__primary">
        {button('callNext', 'primary', busy === 'call-next' ? <span className="spinner spinner--inline" aria-hidden="true" /> : null)}
      </div>
      <div className="actions__grid">
        {button(
          'recall',
          'default',
          current && current.recalls > 0 ? (
            <span className="action__count" data-testid="recall-count">
              {t('counter.recallCount', { n: current.recalls })}
            </span>
          ) : null,
        )}
        {button('noShow', 'warn')}
        {button('start', 'go')}
        {button('finish', 'go')}
        {button('hold', 'default')}
        {button('transfer', 'default')}
        {button('addItem', 'default')}
        {button('callChosen', 'default')}
      </div>
    </div>
  );
}
