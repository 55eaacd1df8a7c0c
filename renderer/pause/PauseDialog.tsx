import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { QueueError } from '../../shared/api/errors.js';
import type { BranchConfig } from '../../shared/config/schema.js';
import { PAUSE_REASONS } from '../../shared/pause/schema.js';
import type { PauseReason } from '../../shared/pause/schema.js';
import { OVERRIDE_MINUTES } from '../../shared/pause/wire.js';
import type { CloseBody, PauseBody } from '../../shared/pause/wire.js';
import { useLocalized } from '../i18n/index.js';
import { Dialog } from '../ui/Dialog.js';
import { RefusalText } from './RefusalText.js';

/** Refusals the duty lead's agreement (their override at the lead station) lifts. */
const OVERRIDE_REASONS: ReadonlySet<string> = new Set(['last_open_for_service', 'below_min_open', 'close_needs_approval', 'self_approval']);

/** While a dialog is open, the counter's function keys must not act behind it (they reach window listeners). */
function useSwallowFunctionKeys(): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (/^F\d{1,2}$/.test(e.key)) {
        e.preventDefault();
        e.stopImmediatePropagation();
      }
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, []);
}

/**
 * The reason dialog: each reason with its allowed length and whether the lead must approve
 * (the branch's pause policies). A refusal is shown in place; the last open window of a service
 * needs the duty lead's agreement, given at the lead station (their own session: nobody types a
 * lead's id here), after which the teller chooses the reason again.
 */
export function PauseDialog({ config, onClose, submit }: { config: BranchConfig; onClose: () => void; submit: (body: PauseBody) => Promise<QueueError | null> }) {
  const { t } = useTranslation();
  const local = useLocalized();
  useSwallowFunctionKeys();
  const [refused, setRefused] = useState<{ reason: PauseReason; error: QueueError } | null>(null);
  const [sending, setSending] = useState(false);
  const send = async (body: PauseBody) => {
    setSending(true);
    const error = await submit(body);
    setSending(false);
    if (error) setRefused({ reason: body.reason, error });
  };
  const needsOverride = refused !== null && OVERRIDE_REASONS.has(refused.error.reason ?? '');
  return (
    <Dialog title={t('pause.dialog.title')} onClose={onClose} testId="pause-dialog" wide>
      <p className="dialog__prompt">{t('pause.dialog.prompt')}</p>
      <div className="choice-grid">
        {PAUSE_REASONS.map((reason) => {
          const policy = config.standards.pausePolicies[reason];
          return (
            <button
              key={reason}
              type="button"
              className={`choice${refused?.reason === reason ? ' choice--primary' : ''}`}
              data-testid={`pause-reason-${reason}`}
              disabled={sending}
              onClick={() => void send({ reason })}
            >
              <strong>{local(policy.label)}</strong>
              <span className="choice__sub">
                {t('pause.dialog.minutes', { m: policy.allowedMinutes })} · {policy.needsApproval ? t('pause.dialog.needsApproval') : t('pause.dialog.noApproval')}
              </span>
            </button>
          );
        })}
      </div>
      {refused && (
        <p className="window-bar__error" role="alert" data-testid="pause-refused" data-reason={refused.error.reason ?? refused.error.code}>
          <RefusalText error={refused.error} />
        </p>
      )}
      {refused && needsOverride && (
        <p className="pause-override" data-testid="pause-override-ask">
          {t('pause.dialog.overrideAsk', { m: OVERRIDE_MINUTES })}
        </p>
      )}
    </Dialog>
  );
}

/** Closing the window: a confirmation; during opening hours it closes once the lead agreed at the lead station (seed 000). */
export function CloseDialog({ onClose, submit }: { onClose: () => void; submit: (body: CloseBody) => Promise<QueueError | null> }) {
  const { t } = useTranslation();
  useSwallowFunctionKeys();
  const [error, setError] = useState<QueueError | null>(null);
  const [sending, setSending] = useState(false);
  const needsOverride = error !== null && OVERRIDE_REASONS.has(error.reason ?? '');
  const send = async () => {
    setSending(true);
    setError(await submit({}));
    setSending(false);
  };
  return (
    <Dialog
      title={t('pause.dialog.closeTitle')}
      onClose={onClose}
      testId="close-dialog"
      footer={
        <>
          <button type="button" className="button" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="button" className="button button--primary" data-testid="close-submit" disabled={sending} onClick={() => void send()}>
            {needsOverride ? t('pause.dialog.closeOverrideSubmit') : t('pause.dialog.closeSubmit')}
          </button>
        </>
      }
    >
      <p className="dialog__prompt">{t('pause.dialog.closePrompt')}</p>
      {error && (
        <p className="window-bar__error" role="alert" data-testid="close-refused" data-reason={error.reason ?? error.code}>
          <RefusalText error={error} />
        </p>
      )}
      {needsOverride && (
        <p className="pause-override" data-testid="close-override-ask">
          {t('pause.dialog.overrideAsk', { m: OVERRIDE_MINUTES })}
        </p>
      )}
    </Dialog>
  );
}
