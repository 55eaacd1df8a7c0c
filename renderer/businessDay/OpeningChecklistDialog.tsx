import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BranchConfig, Counter } from '../../shared/config/schema.js';
import { checklistMissing } from '../../shared/businessDay/completeness.js';
import { DOC_TYPES, checklistDocId, recordFields } from '../../shared/businessDay/records.js';
import type { Answer, OpeningChecklist } from '../../shared/businessDay/records.js';
import { checklistItems } from '../../shared/businessDay/templates.js';
import { useLang, useLocalized } from '../i18n/index.js';
import { counterDb } from '../device/db.js';
import { useStaffSessionStore } from '../device/staffSession.js';
import { Dialog } from '../ui/Dialog.js';
import { formatClock } from '../ui/format.js';
import { writeBusinessDoc } from './counterDocs.js';
import { AnswerToggle, FormFooter, MissingList, SaveError, useFormSave } from './parts.js';

interface Props {
  config: BranchConfig;
  counter: Counter;
  day: string;
  /** Today's checklist as this counter has it (a correction starts from it). */
  existing: Partial<OpeningChecklist> | null;
  onClose: () => void;
  onSaved: () => void;
}

/** The counter's opening checklist: tick every item, explain problems, submit; kept on this device first. */
export function OpeningChecklistDialog({ config, counter, day, existing, onClose, onSaved }: Props) {
  const { t } = useTranslation();
  const lang = useLang();
  const local = useLocalized();
  const template = config.standards.businessDay.openingChecklist;
  // The teller signed in at this counter fills it in (the session), never the configuration's counter.staffId.
  const signedIn = useStaffSessionStore((s) => s.staff);
  const tellerId = signedIn?.id ?? '';
  const staff = signedIn ?? undefined;
  const [answers, setAnswers] = useState<Record<string, Answer>>(() => ({ ...(existing?.answers ?? {}) }));
  const [notes, setNotes] = useState<Record<string, string>>(() => ({ ...(existing?.notes ?? {}) }));
  const [remark, setRemark] = useState(existing?.remark ?? '');
  const { saving, error, save } = useFormSave(onSaved);
  const missing = checklistMissing(template, { answers, notes });

  const submit = () => {
    const ids = new Set(checklistItems(template).map((i) => i.id));
    const record: OpeningChecklist = {
      day,
      counter: counter.number,
      staffId: tellerId,
      templateVersion: template.version,
      answers: Object.fromEntries(Object.entries(answers).filter(([id]) => ids.has(id))),
      // Notes only where the answer is a problem: an "ok" carries no stale explanation.
      notes: Object.fromEntries(Object.entries(notes).filter(([id, n]) => answers[id] === 'problem' && n.trim() !== '').map(([id, n]) => [id, n.trim()])),
      remark: remark.trim(),
      submittedAt: new Date().toISOString(),
    };
    void save(() => writeBusinessDoc(counterDb(counter.number), DOC_TYPES.openingChecklist, checklistDocId(day, counter.number), recordFields(DOC_TYPES.openingChecklist, record), tellerId));
  };

  return (
    <Dialog
      title={t('businessDay.checklist.title', { window: t('common.windowN', { n: counter.number }) })}
      onClose={onClose}
      testId="bizday-checklist"
      wide
      footer={<FormFooter testId="bizday-checklist-submit" saving={saving} disabled={missing.length > 0 || !tellerId} resubmit={!!existing?.submittedAt} onCancel={onClose} onSubmit={submit} />}
    >
      <p className="dialog__prompt">
        {t('businessDay.checklist.prompt')}
        {staff && <span className="bizday-who"> {t('businessDay.checklist.teller', { name: `${local(staff.name)} (${staff.badge})` })}</span>}
      </p>
      {existing?.submittedAt && (
        <p className="bizday-done" data-testid="bizday-checklist-done-at">
          {t('businessDay.checklist.doneAt', { time: formatClock(new Date(existing.submittedAt), lang, config.hours.timezone) })}
        </p>
      )}
      {template.groups.map((group) => (
        <fieldset key={group.id} className="bizday-group">
          <legend>{local(group.label)}</legend>
          {group.items.map((item) => (
            <div key={item.id} className={`bizday-item${answers[item.id] === 'problem' ? ' bizday-item--problem' : ''}`} data-testid={`bizday-item-${item.id}`}>
              <span className="bizday-item__label">{local(item.label)}</span>
              <AnswerToggle value={answers[item.id]} onChange={(a) => setAnswers((s) => ({ ...s, [item.id]: a }))} testId={`bizday-answer-${item.id}`} />
              {answers[item.id] === 'problem' && (
                <input
                  className="bizday-item__note"
                  value={notes[item.id] ?? ''}
                  maxLength={500}
                  placeholder={t('businessDay.form.notePlaceholder')}
                  aria-label={`${local(item.label)}: ${t('businessDay.form.notePlaceholder')}`}
                  data-testid={`bizday-note-${item.id}`}
                  onChange={(e) => setNotes((s) => ({ ...s, [item.id]: e.target.value }))}
                />
              )}
            </div>
          ))}
        </fieldset>
      ))}
      <label className="field">
        <span className="field__label">{t('businessDay.checklist.remark')}</span>
        <textarea rows={2} maxLength={2000} value={remark} data-testid="bizday-checklist-remark" onChange={(e) => setRemark(e.target.value)} />
      </label>
      <MissingList config={config} missing={missing} />
      <SaveError error={error} />
    </Dialog>
  );
}
