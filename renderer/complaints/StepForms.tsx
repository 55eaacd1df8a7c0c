import { useState } from 'react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { AppealOutcome, CallbackView, ContactHow, ELIGIBLE_ROLES, Finding, nextLevel } from '../../shared/complaints/index.js';
import type { Complaint, ComplaintActor, ComplaintCommand, ComplaintLevel, ComplaintPolicy } from '../../shared/complaints/index.js';
import type { BranchConfig } from '../../shared/config/schema.js';
import { useLocalized } from '../i18n/index.js';
import { offeredSteps } from './steps.js';
import type { OfferedStep, StepAction } from './steps.js';

type Command = z.input<typeof ComplaintCommand>;

interface Props {
  config: BranchConfig;
  complaint: Complaint;
  actor: ComplaintActor;
  policy: ComplaintPolicy;
  now: Date;
  /** Takes the step (at the hub, or locally at a counter); resolves to a refusal text or null. */
  submit: (command: Command) => Promise<string | null>;
  /** A compact layout (the counter's dialog). */
  compact?: boolean;
}

const opt = (s: string) => (s.trim() === '' ? null : s.trim());

/**
 * One form per step this person may take now (steps.ts asks the domain): only those, in the
 * workflow's order. Closing shows what it still lacks and cannot be sent until nothing does.
 * A refusal (the hub's 409, or the domain's here) is shown under the form in the screen's language.
 */
export function StepForms({ config, complaint, actor, policy, now, submit, compact }: Props) {
  const { t } = useTranslation();
  const offered = offeredSteps(complaint, actor, policy, now);
  const [open, setOpen] = useState<StepAction | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ action: StepAction; text: string } | null>(null);
  const [done, setDone] = useState<StepAction | null>(null);
  const mayTakeOver = offered.some((s) => s.action === 'hand_over') && actor.staffId !== complaint.ownerId && ELIGIBLE_ROLES[complaint.level].includes(actor.role);

  const send = async (action: StepAction, command: Command) => {
    setBusy(true);
    setError(null);
    try {
      const refused = await submit(command);
      if (refused !== null) setError({ action, text: refused });
      else {
        setDone(action);
        setOpen(null);
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className={`complaint-steps${compact ? ' complaint-steps--compact' : ''}`} data-testid="complaint-steps" data-offered={offered.map((s) => s.action).join(' ')}>
      {done && (
        <p className="complaint-steps__done" role="status" data-testid="complaint-step-done" data-action={done}>
          {t('complaintScreens.steps.done', { action: t(`complaints.actions.${done}`) })}
        </p>
      )}
      {offered.length === 0 && <p className="muted" data-testid="complaint-no-steps">{t('complaintScreens.steps.none')}</p>}
      {mayTakeOver && (
        <div className="complaint-steps__takeover">
          <button
            type="button"
            className="button button--primary"
            data-testid="complaint-take-over"
            disabled={busy}
            onClick={() => void send('hand_over', { type: 'hand_over', to: actor, note: null })}
          >
            {t('complaintScreens.steps.takeOver')}
          </button>
          <span className="muted">{t('complaintScreens.steps.takeOverHint')}</span>
          {error?.action === 'hand_over' && open === null && <StepError text={error.text} />}
        </div>
      )}
      <div className="complaint-steps__buttons">
        {offered.map((s) => (
          <button
            key={s.action}
            type="button"
            className={`button button--small${open === s.action ? ' button--primary' : ''}`}
            aria-expanded={open === s.action}
            data-testid={`complaint-step-${s.action}`}
            onClick={() => {
              setOpen(open === s.action ? null : s.action);
              setError(null);
              setDone(null);
            }}
          >
            {t(`complaints.actions.${s.action}`)}
          </button>
        ))}
      </div>
      {offered
        .filter((s) => s.action === open)
        .map((s) => (
          <StepForm key={s.action} config={config} complaint={complaint} actor={actor} step={s} busy={busy} onSend={(cmd) => void send(s.action, cmd)}>
            {error?.action === s.action && <StepError text={error.text} />}
          </StepForm>
        ))}
    </div>
  );
}

function StepError({ text }: { text: string }) {
  return (
    <p className="complaint-steps__error" role="alert" data-testid="complaint-step-error">
      {text}
    </p>
  );
}

/** The staff who may own the complaint at `level`: never the teller complained about, nor `except`. */
function eligibleStaff(config: BranchConfig, complaint: Complaint, level: ComplaintLevel, except: string | null) {
  return config.staff.filter((s) => ELIGIBLE_ROLES[level].includes(s.role) && s.id !== complaint.subjectTellerId && s.id !== except);
}

function StepForm({
  config,
  complaint,
  actor,
  step,
  busy,
  onSend,
  children,
}: {
  config: BranchConfig;
  complaint: Complaint;
  actor: ComplaintActor;
  step: OfferedStep;
  busy: boolean;
  onSend: (command: Command) => void;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  const local = useLocalized();
  const [how, setHow] = useState<ContactHow>('phone');
  const [note, setNote] = useState('');
  const [reason, setReason] = useState('');
  const [finding, setFinding] = useState<Finding | ''>(complaint.finding ?? '');
  const [rootCause, setRootCause] = useState(complaint.rootCause ?? '');
  const [rectification, setRectification] = useState(complaint.rectification ?? '');
  const [accountable, setAccountable] = useState(complaint.accountability?.staffId ?? '');
  const [measure, setMeasure] = useState(complaint.accountability?.measure ?? '');
  const [text, setText] = useState('');
  const [recourse, setRecourse] = useState(() => t('complaintScreens.steps.recourseDefault'));
  const [view, setView] = useState<CallbackView | ''>('');
  const [outcome, setOutcome] = useState<AppealOutcome | ''>('');
  const [extension, setExtension] = useState<'complex' | 'approved'>(step.extensions[0] ?? 'complex');
  const [owner, setOwner] = useState('');
  const up = nextLevel(complaint.level);

  const howSelect = (label: string) => (
    <label className="field">
      <span className="field__label">{label}</span>
      <select value={how} onChange={(e) => setHow(e.target.value as ContactHow)} data-testid="step-how">
        {ContactHow.options.map((h) => (
          <option key={h} value={h}>
            {t(`complaints.contactHow.${h}`)}
          </option>
        ))}
      </select>
    </label>
  );
  const area = (label: string, value: string, set: (v: string) => void, testId: string, rows = 2) => (
    <label className="field">
      <span className="field__label">{label}</span>
      <textarea rows={rows} value={value} onChange={(e) => set(e.target.value)} data-testid={testId} />
    </label>
  );
  const noteField = area(t('complaintScreens.steps.note'), note, setNote, 'step-note', 1);
  const reasonField = area(t('complaintScreens.steps.reason'), reason, setReason, 'step-reason');
  const staffSelect = (level: ComplaintLevel, label: string) => {
    const people = eligibleStaff(config, complaint, level, complaint.ownerId);
    return (
      <label className="field">
        <span className="field__label">{label}</span>
        <select value={owner} onChange={(e) => setOwner(e.target.value)} data-testid="step-owner">
          <option value="">{t('complaintScreens.form.choose')}</option>
          {people.map((s) => (
            <option key={s.id} value={s.id}>
              {local(s.name)} ({t(`leadStation.roles.${s.role}`)})
            </option>
          ))}
        </select>
      </label>
    );
  };
  const ownerActor = (): ComplaintActor | null => {
    const s = config.staff.find((x) => x.id === owner);
    return s ? { staffId: s.id, role: s.role } : null;
  };

  let body: ReactNode = null;
  let command: Command | null = null;
  switch (step.action) {
    case 'accept':
      body = (
        <>
          {howSelect(t('complaintScreens.steps.acknowledgedHow'))}
          {noteField}
        </>
      );
      command = { type: 'accept', acknowledgedHow: how, note: opt(note) };
      break;
    case 'start_investigation':
      body = noteField;
      command = { type: 'start_investigation', note: opt(note) };
      break;
    case 'record_finding': {
      const upheld = finding === 'upheld' || finding === 'partly';
      const who = accountable ? { staffId: accountable, measure: measure.trim() } : null;
      body = (
        <>
          <FindingSelect value={finding} onChange={setFinding} />
          {area(t('complaintScreens.steps.rootCause'), rootCause, setRootCause, 'step-root-cause')}
          {area(t('complaintScreens.steps.rectification'), rectification, setRectification, 'step-rectification')}
          {upheld && (
            <div className="complaint-form__row">
              <label className="field">
                <span className="field__label">{t('complaintScreens.steps.accountable')}</span>
                <select value={accountable} onChange={(e) => setAccountable(e.target.value)} data-testid="step-accountable">
                  <option value="">{t('complaintScreens.form.noSubject')}</option>
                  {config.staff.map((s) => (
                    <option key={s.id} value={s.id}>
                      {local(s.name)}
                    </option>
                  ))}
                </select>
              </label>
              {accountable && (
                <label className="field">
                  <span className="field__label">{t('complaintScreens.steps.measure')}</span>
                  <input value={measure} onChange={(e) => setMeasure(e.target.value)} data-testid="step-measure" />
                </label>
              )}
            </div>
          )}
          {noteField}
        </>
      );
      command =
        finding === '' || (who !== null && who.measure === '')
          ? null
          : { type: 'record_finding', finding, rootCause: opt(rootCause), rectification: opt(rectification), accountability: upheld ? who : null, note: opt(note) };
      break;
    }
    case 'answer':
      body = (
        <>
          {complaint.finding === null && <FindingSelect value={finding} onChange={setFinding} />}
          {area(t('complaintScreens.steps.answerText'), text, setText, 'step-answer-text', 3)}
          {howSelect(t('complaintScreens.steps.answerHow'))}
          {area(t('complaintScreens.steps.recourse'), recourse, setRecourse, 'step-recourse')}
        </>
      );
      command =
        text.trim() === '' || (complaint.finding === null && finding === '')
          ? null
          : { type: 'answer', text: text.trim(), how, recourse: opt(recourse), ...(complaint.finding === null && finding !== '' ? { finding } : {}) };
      break;
    case 'record_callback':
      body = (
        <>
          <label className="field">
            <span className="field__label">{t('complaintScreens.steps.view')}</span>
            <select value={view} onChange={(e) => setView(e.target.value as CallbackView | '')} data-testid="step-view">
              <option value="">{t('complaintScreens.form.choose')}</option>
              {CallbackView.options.map((v) => (
                <option key={v} value={v}>
                  {t(`complaints.callbackViews.${v}`)}
                </option>
              ))}
            </select>
          </label>
          {noteField}
        </>
      );
      command = view === '' ? null : { type: 'record_callback', view, note: opt(note) };
      break;
    case 'close':
      body = (
        <>
          {step.missing.length > 0 && (
            <div className="complaint-steps__missing" data-testid="step-close-missing" data-missing={step.missing.map((m) => m.reason).join(' ')}>
              <strong>{t('complaintScreens.steps.closeMissing')}</strong>
              <ul>
                {step.missing.map((m) => (
                  <li key={m.reason}>{t(`complaints.refusals.${m.reason}`)}</li>
                ))}
              </ul>
            </div>
          )}
          {noteField}
        </>
      );
      command = step.missing.length > 0 ? null : { type: 'close', note: opt(note) };
      break;
    case 'withdraw':
      body = reasonField;
      command = reason.trim() === '' ? null : { type: 'withdraw', reason: reason.trim() };
      break;
    case 'reopen':
      body = reasonField;
      command = reason.trim() === '' ? null : { type: 'reopen', reason: reason.trim() };
      break;
    case 'escalate': {
      const newOwner = ownerActor();
      body = (
        <>
          <p className="muted">{up && t('complaintScreens.steps.escalateTo', { level: t(`complaints.levels.${up}`) })}</p>
          {up && staffSelect(up, t('complaintScreens.steps.newOwner'))}
          {reasonField}
        </>
      );
      command = up === null || newOwner === null || reason.trim() === '' ? null : { type: 'escalate', to: up, newOwner, reason: reason.trim() };
      break;
    }
    case 'hand_over': {
      const to = ownerActor();
      body = (
        <>
          {staffSelect(complaint.level, t('complaintScreens.steps.handTo'))}
          {noteField}
        </>
      );
      command = to === null ? null : { type: 'hand_over', to, note: opt(note) };
      break;
    }
    case 'extend':
      body = (
        <>
          <label className="field">
            <span className="field__label">{t('complaintScreens.steps.extension')}</span>
            <select value={extension} onChange={(e) => setExtension(e.target.value as 'complex' | 'approved')} data-testid="step-extension">
              {step.extensions.map((x) => (
                <option key={x} value={x}>
                  {t(`complaints.extensions.${x}`)}
                </option>
              ))}
            </select>
          </label>
          {extension === 'approved' && <p className="muted">{t('complaintScreens.steps.approvedHint')}</p>}
          {reasonField}
          {howSelect(t('complaintScreens.steps.informedHow'))}
        </>
      );
      command = reason.trim() === '' ? null : { type: 'extend', extension, reason: reason.trim(), informedHow: how };
      break;
    case 'request_appeal':
      body = reasonField;
      command = reason.trim() === '' ? null : { type: 'request_appeal', reason: reason.trim() };
      break;
    case 'review_appeal':
      body = (
        <>
          {complaint.appeal && <p className="complaint-steps__quote">{complaint.appeal.reason}</p>}
          <label className="field">
            <span className="field__label">{t('complaintScreens.steps.outcome')}</span>
            <select value={outcome} onChange={(e) => setOutcome(e.target.value as AppealOutcome | '')} data-testid="step-outcome">
              <option value="">{t('complaintScreens.form.choose')}</option>
              {AppealOutcome.options.map((o) => (
                <option key={o} value={o}>
                  {t(`complaints.appealOutcomes.${o}`)}
                </option>
              ))}
            </select>
          </label>
          {noteField}
        </>
      );
      command = outcome === '' ? null : { type: 'review_appeal', outcome, note: opt(note) };
      break;
  }

  return (
    <form
      className="complaint-step-form"
      data-testid={`step-form-${step.action}`}
      data-actor={actor.staffId}
      onSubmit={(e) => {
        e.preventDefault();
        if (command) onSend(command);
      }}
    >
      <h3>{t(`complaints.actions.${step.action}`)}</h3>
      {body}
      {children}
      <div className="complaint-step-form__actions">
        <button type="submit" className="button button--primary" disabled={busy || command === null} data-testid="step-submit">
          {busy ? t('complaintScreens.form.saving') : t('complaintScreens.steps.submit', { action: t(`complaints.actions.${step.action}`) })}
        </button>
      </div>
    </form>
  );
}

function FindingSelect({ value, onChange }: { value: Finding | ''; onChange: (f: Finding | '') => void }) {
  const { t } = useTranslation();
  return (
    <label className="field">
      <span className="field__label">{t('complaintScreens.steps.finding')}</span>
      <select value={value} onChange={(e) => onChange(e.target.value as Finding | '')} data-testid="step-finding">
        <option value="">{t('complaintScreens.form.choose')}</option>
        {Finding.options.map((f) => (
          <option key={f} value={f}>
            {t(`complaints.findings.${f}`)}
          </option>
        ))}
      </select>
    </label>
  );
}
