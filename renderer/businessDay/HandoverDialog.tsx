import { TZDate } from '@date-fns/tz';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BranchConfig, Counter } from '../../shared/config/schema.js';
import { handoverMissing } from '../../shared/businessDay/completeness.js';
import { DOC_TYPES, handoverDocId, recordFields } from '../../shared/businessDay/records.js';
import type { Answer, ShiftHandover } from '../../shared/businessDay/records.js';
import { newId } from '../../shared/ids.js';
import { errorText } from '../i18n/errorText.js';
import { useLocalized } from '../i18n/index.js';
import { counterDb } from '../device/db.js';
import { currentStaffSession, useStaffSessionStore } from '../device/staffSession.js';
import { Dialog } from '../ui/Dialog.js';
import { writeBusinessDoc } from './counterDocs.js';
import { AnswerToggle, FormFooter, MissingList, SaveError, localClock, useFormSave } from './parts.js';
import { runWindowCommand } from '../pause/actions.js';
import { pauseWindow } from '../pause/api.js';
import { useWindowState } from '../pause/windowsStore.js';
import { TimeField } from '../ui/DateFields.js';

interface Props {
  config: BranchConfig;
  counter: Counter;
  day: string;
  onClose: () => void;
  onSaved: () => void;
}

/** "HH:MM" on the branch's calendar day -> the instant, or null when not a time. */
function instantOf(day: string, clock: string, timeZone: string): string | null {
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  const c = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(clock);
  if (!d || !c) return null;
  return new Date(new TZDate(Number(d[1]), Number(d[2]) - 1, Number(d[3]), Number(c[1]), Number(c[2]), timeZone).getTime()).toISOString();
}

/** The shift handover (交接班) at this window: who hands over to whom, what, and what is left open. */
export function HandoverDialog({ config, counter, day, onClose, onSaved }: Props) {
  const { t } = useTranslation();
  const local = useLocalized();
  const template = config.standards.businessDay.handover;
  const tz = config.hours.timezone;
  // The outgoing teller is the one signed in here (the session), never the configuration's counter.staffId.
  const signedIn = useStaffSessionStore((s) => s.staff?.id ?? '');
  const [from, setFrom] = useState(signedIn);
  const [to, setTo] = useState('');
  const [handedOver, setHandedOver] = useState<Record<string, string>>({});
  const [checks, setChecks] = useState<Record<string, Answer>>({});
  const [checkNotes, setCheckNotes] = useState<Record<string, string>>({});
  const [openItems, setOpenItems] = useState('');
  const [clock, setClock] = useState(() => localClock(new Date(), tz));
  // Saved: the incoming teller signs in at this counter next (the sign-in over the counter; the hub ends the outgoing session then).
  const { saving, error, setError, save } = useFormSave(() => {
    onSaved();
    currentStaffSession()?.beginHandover(to || null);
  });
  const handedOverAt = instantOf(day, clock, tz);
  const missing = handoverMissing(template, { fromStaffId: from, toStaffId: to, handedOver, checks, checkNotes, ...(handedOverAt ? { handedOverAt } : {}) });
  const sign = config.standards.pausePolicies.shift_handover?.sign;
  const windowState = useWindowState(counter.number);
  const [signUp, setSignUp] = useState(false);
  // The handover happens behind the handover sign (seed 004): one tap puts it up, through the
  // pause desk like any pause, so customers are sent on and the pause is on record.
  const putUpSign = async () => {
    const db = counterDb(counter.number);
    const outcome = await runWindowCommand(db, 'pause', { reason: 'shift_handover' }, (key) => pauseWindow(counter.number, { reason: 'shift_handover' }, key));
    if (outcome.ok) setSignUp(true);
    else setError(errorText(t, outcome.error));
  };
  const paused = signUp || windowState?.pause?.reason === 'shift_handover';

  const submit = () => {
    if (!handedOverAt) return;
    const record: ShiftHandover = {
      day,
      counter: counter.number,
      fromStaffId: from,
      toStaffId: to,
      templateVersion: template.version,
      handedOver: Object.fromEntries(template.handedOver.map((i) => [i.id, (handedOver[i.id] ?? '').trim()])),
      checks: Object.fromEntries(
        template.checks.flatMap((i): [string, Answer][] => {
          const a = checks[i.id];
          return a ? [[i.id, a]] : [];
        }),
      ),
      checkNotes: Object.fromEntries(template.checks.flatMap((i) => (checks[i.id] === 'problem' ? [[i.id, (checkNotes[i.id] ?? '').trim()]] : []))),
      openItems: openItems.trim(),
      handedOverAt,
      submittedAt: new Date().toISOString(),
    };
    void save(() => writeBusinessDoc(counterDb(counter.number), DOC_TYPES.shiftHandover, handoverDocId(day, counter.number, newId()), recordFields(DOC_TYPES.shiftHandover, record), from));
  };

  const staffSelect = (value: string, onChange: (v: string) => void, testId: string, label: string) => (
    <label className="field">
      <span className="field__label">{label}</span>
      <select value={value} data-testid={testId} onChange={(e) => onChange(e.target.value)}>
        <option value="">{t('businessDay.form.choose')}</option>
        {config.staff.map((s) => (
          <option key={s.id} value={s.id}>
            {local(s.name)} ({s.badge})
          </option>
        ))}
      </select>
    </label>
  );

  return (
    <Dialog
      title={t('businessDay.handover.title', { window: t('common.windowN', { n: counter.number }) })}
      onClose={onClose}
      testId="bizday-handover"
      wide
      footer={<FormFooter testId="bizday-handover-submit" saving={saving} disabled={missing.length > 0} onCancel={onClose} onSubmit={submit} />}
    >
      <p className="dialog__prompt">{t('businessDay.handover.prompt')}</p>
      {sign && (
        <p className="bizday-sign">
          {t('businessDay.handover.sign', { sign: local(sign) })}{' '}
          {paused ? (
            <span data-testid="bizday-handover-sign-up">{t('businessDay.handover.signUp')}</span>
          ) : (
            windowState?.open && !windowState.pause && (
              <button type="button" className="button button--small" data-testid="bizday-handover-put-up-sign" onClick={() => void putUpSign()}>
                {t('businessDay.handover.putUpSign')}
              </button>
            )
          )}
        </p>
      )}
      <div className="bizday-row">
        {staffSelect(from, setFrom, 'bizday-handover-from', t('businessDay.handover.from'))}
        {staffSelect(to, setTo, 'bizday-handover-to', t('businessDay.handover.to'))}
        <label className="field bizday-row__narrow">
          <span className="field__label">{t('businessDay.handover.time')}</span>
          <TimeField value={clock} data-testid="bizday-handover-time" onChange={setClock} />
        </label>
      </div>
      <fieldset className="bizday-group">
        <legend>{t('businessDay.handover.handedOver')}</legend>
        {template.handedOver.map((item) => (
          <label key={item.id} className="bizday-item">
            <span className="bizday-item__label">{local(item.label)}</span>
            <input
              className="bizday-item__value"
              value={handedOver[item.id] ?? ''}
              maxLength={200}
              data-testid={`bizday-handed-${item.id}`}
              onChange={(e) => setHandedOver((s) => ({ ...s, [item.id]: e.target.value }))}
            />
          </label>
        ))}
      </fieldset>
      {template.checks.length > 0 && (
        <fieldset className="bizday-group">
          <legend>{t('businessDay.handover.checks')}</legend>
          {template.checks.map((item) => (
            <div key={item.id} className={`bizday-item${checks[item.id] === 'problem' ? ' bizday-item--problem' : ''}`}>
              <span className="bizday-item__label">{local(item.label)}</span>
              <AnswerToggle value={checks[item.id]} onChange={(a) => setChecks((s) => ({ ...s, [item.id]: a }))} testId={`bizday-check-${item.id}`} />
              {checks[item.id] === 'problem' && (
                <input
                  className="bizday-item__note"
                  value={checkNotes[item.id] ?? ''}
                  maxLength={500}
                  placeholder={t('businessDay.form.notePlaceholder')}
                  aria-label={`${local(item.label)}: ${t('businessDay.form.notePlaceholder')}`}
                  onChange={(e) => setCheckNotes((s) => ({ ...s, [item.id]: e.target.value }))}
                />
              )}
            </div>
          ))}
        </fieldset>
      )}
      <label className="field">
        <span className="field__label">{t('businessDay.handover.openItems')}</span>
        <textarea rows={2} maxLength={2000} value={openItems} placeholder={t('businessDay.handover.openItemsHint')} data-testid="bizday-handover-open-items" onChange={(e) => setOpenItems(e.target.value)} />
      </label>
      <MissingList config={config} missing={missing} />
      <SaveError error={error} />
    </Dialog>
  );
}
