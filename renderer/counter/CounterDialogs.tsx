import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BranchConfig, Counter } from '../../shared/config/schema.js';
import { Outcome } from '../../shared/queue/ticket.js';
import type { Ticket } from '../../shared/queue/ticket.js';
import { useLocalized } from '../i18n/index.js';
import { useNow } from '../queue/useQueue.js';
import { useWindowStaffStore } from '../queue/windowStaff.js';
import { Dialog } from '../ui/Dialog.js';
import { formatDuration, secondsSince } from '../ui/format.js';
import type { DialogKind } from './ActionPanel.js';
import { useCounterStore } from './store.js';

interface Props {
  config: BranchConfig;
  counter: Counter;
  current: Ticket | null;
  waiting: Ticket[];
  dialog: DialogKind | null;
  onClose: () => void;
}

export function CounterDialogs({ config, counter, current, waiting, dialog, onClose }: Props) {
  switch (dialog) {
    case 'finish':
      return current ? <FinishDialog ticket={current} onClose={onClose} /> : null;
    case 'walkInFinish':
      return <FinishDialog ticket={null} onClose={onClose} />;
    case 'transfer':
      return current ? <TransferDialog config={config} counter={counter} ticket={current} onClose={onClose} /> : null;
    case 'addItem':
      return current ? <AddItemDialog config={config} ticket={current} onClose={onClose} /> : null;
    case 'callChosen':
      return <CallChosenDialog config={config} waiting={waiting} onClose={onClose} />;
    default:
      return null;
  }
}

/** Finish with an outcome; with no ticket it finishes the walk-in service. */
function FinishDialog({ ticket, onClose }: { ticket: Ticket | null; onClose: () => void }) {
  const { t } = useTranslation();
  const run = useCounterStore((s) => s.run);
  const finishWalkIn = useCounterStore((s) => s.finishWalkIn);
  const choose = (outcome: Outcome) => {
    onClose();
    if (ticket) void run('finish', { outcome }, { ticketId: ticket.id, number: ticket.number });
    else void finishWalkIn(outcome);
  };
  return (
    <Dialog
      title={ticket ? t('counter.dialogs.finish.title', { number: ticket.number }) : t('counter.dialogs.finish.walkInTitle')}
      onClose={onClose}
      testId="finish-dialog"
    >
      <p className="dialog__prompt">{t('counter.dialogs.finish.prompt')}</p>
      <div className="choice-grid">
        {Outcome.options.map((outcome) => (
          <button
            key={outcome}
            type="button"
            className={`choice${outcome === 'completed' ? ' choice--primary' : ''}`}
            data-testid={`outcome-${outcome}`}
            onClick={() => choose(outcome)}
          >
            {t(`common.outcome.${outcome}`)}
          </button>
        ))}
      </div>
    </Dialog>
  );
}

function TransferDialog({ config, counter, ticket, onClose }: { config: BranchConfig; counter: Counter; ticket: Ticket; onClose: () => void }) {
  const { t } = useTranslation();
  const local = useLocalized();
  const run = useCounterStore((s) => s.run);
  const ctx = { ticketId: ticket.id, number: ticket.number };
  const others = config.counters.filter((c) => c.number !== counter.number);
  const windowStaff = useWindowStaffStore((s) => s.windows);
  return (
    <Dialog title={t('counter.dialogs.transfer.title', { number: ticket.number })} onClose={onClose} testId="transfer-dialog" wide>
      <p className="dialog__prompt">{t('counter.dialogs.transfer.prompt')}</p>
      <h3 className="dialog__section">{t('counter.dialogs.transfer.toService')}</h3>
      <div className="choice-grid">
        {config.services.map((s) => (
          <button
            key={s.code}
            type="button"
            className="choice"
            data-testid={`transfer-service-${s.code}`}
            onClick={() => {
              onClose();
              void run('transfer', { toService: s.code }, ctx);
            }}
          >
            <strong>{s.code}</strong> {local(s.name)}
          </button>
        ))}
      </div>
      <h3 className="dialog__section">{t('counter.dialogs.transfer.toWindow')}</h3>
      <div className="choice-grid">
        {others.map((c) => {
          // The teller signed in at that window (the hub's window.staff), if any.
          const staff = windowStaff[c.number]?.staff ?? null;
          return (
            <button
              key={c.number}
              type="button"
              className="choice"
              data-testid={`transfer-window-${c.number}`}
              onClick={() => {
                onClose();
                void run('transfer', { toCounter: c.number }, ctx);
              }}
            >
              <strong>{t('common.windowN', { n: c.number })}</strong>
              {staff && <span className="choice__sub">{local(staff.name)}</span>}
            </button>
          );
        })}
      </div>
    </Dialog>
  );
}

function AddItemDialog({ config, ticket, onClose }: { config: BranchConfig; ticket: Ticket; onClose: () => void }) {
  const { t } = useTranslation();
  const local = useLocalized();
  const run = useCounterStore((s) => s.run);
  return (
    <Dialog title={t('counter.dialogs.addItem.title', { number: ticket.number })} onClose={onClose} testId="add-item-dialog">
      <p className="dialog__prompt">{t('counter.dialogs.addItem.prompt')}</p>
      <div className="choice-grid">
        {config.services.map((s) => (
          <button
            key={s.code}
            type="button"
            className="choice"
            data-testid={`add-item-${s.code}`}
            onClick={() => {
              onClose();
              void run('items', { service: s.code }, { ticketId: ticket.id, number: ticket.number });
            }}
          >
            <strong>{s.code}</strong> {local(s.name)}
          </button>
        ))}
      </div>
    </Dialog>
  );
}

const MIN_REASON = 2;

function CallChosenDialog({ config, waiting, onClose }: { config: BranchConfig; waiting: Ticket[]; onClose: () => void }) {
  const { t } = useTranslation();
  const local = useLocalized();
  const now = useNow(5000);
  const run = useCounterStore((s) => s.run);
  const [ticketId, setTicketId] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const [tried, setTried] = useState(false);
  const chosen = waiting.find((w) => w.id === ticketId) ?? null;
  const reasonOk = reason.trim().length >= MIN_REASON;
  const submit = () => {
    setTried(true);
    if (!chosen || !reasonOk) return;
    onClose();
    void run('call', { ticketId: chosen.id, reason: reason.trim() }, { ticketId: chosen.id, number: chosen.number });
  };
  return (
    <Dialog
      title={t('counter.dialogs.callChosen.title')}
      onClose={onClose}
      testId="call-chosen-dialog"
      wide
      footer={
        <>
          <button type="button" className="button" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="button" className="button button--primary" data-testid="call-chosen-submit" disabled={!chosen} onClick={submit}>
            {chosen ? t('counter.dialogs.callChosen.submit', { number: chosen.number }) : t('counter.dialogs.callChosen.pick')}
          </button>
        </>
      }
    >
      {waiting.length === 0 ? (
        <p className="panel__empty">{t('counter.dialogs.callChosen.empty')}</p>
      ) : (
        <div className="pick-list" role="listbox" aria-label={t('counter.dialogs.callChosen.pick')}>
          {waiting.map((w) => {
            const service = config.services.find((s) => s.code === w.service);
            return (
              <button
                key={w.id}
                type="button"
                role="option"
                aria-selected={w.id === ticketId}
                className={`pick-list__item${w.id === ticketId ? ' is-selected' : ''}`}
                data-testid={`pick-${w.number}`}
                onClick={() => setTicketId(w.id)}
              >
                <span className="pick-list__number">{w.number}</span>
                <span className="pick-list__service">{service ? local(service.name) : w.service}</span>
                {w.priority !== 'none' && <span className={`priority-tag priority-tag--${w.priority}`}>{t(`common.priority.${w.priority}`)}</span>}
                <span className="pick-list__time">{formatDuration(secondsSince(w.issuedAt, now))}</span>
              </button>
            );
          })}
        </div>
      )}
      <label className="field">
        <span className="field__label">{t('counter.dialogs.callChosen.reason')}</span>
        <textarea
          value={reason}
          maxLength={200}
          rows={2}
          data-testid="call-chosen-reason"
          placeholder={t('counter.dialogs.callChosen.reasonPlaceholder')}
          onChange={(e) => setReason(e.target.value)}
          aria-invalid={tried && !reasonOk}
        />
        {tried && !reasonOk && <span className="field__error">{t('counter.dialogs.callChosen.reasonRequired')}</span>}
      </label>
    </Dialog>
  );
}
