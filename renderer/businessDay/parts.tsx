import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BranchConfig } from '../../shared/config/schema.js';
import type { Missing } from '../../shared/businessDay/completeness.js';
import type { Answer } from '../../shared/businessDay/records.js';
import type { BusinessDayTemplates } from '../../shared/businessDay/templates.js';
import { checklistItems } from '../../shared/businessDay/templates.js';
import { errorText } from '../i18n/errorText.js';
import { useLocalized } from '../i18n/index.js';

/** "OK" / "Problem" for one checked item; a second click on the chosen answer keeps it. */
export function AnswerToggle({ value, onChange, testId }: { value: Answer | undefined; onChange: (a: Answer) => void; testId: string }) {
  const { t } = useTranslation();
  return (
    <span className="bizday-answer" role="group" data-testid={testId} data-value={value ?? ''}>
      {(['ok', 'problem'] as const).map((a) => (
        <button
          key={a}
          type="button"
          className={`bizday-answer__btn bizday-answer__btn--${a}${value === a ? ' is-on' : ''}`}
          aria-pressed={value === a}
          data-testid={`${testId}-${a}`}
          onClick={() => onChange(a)}
        >
          {t(`businessDay.answer.${a}`)}
        </button>
      ))}
    </span>
  );
}

/** Names for what a Missing entry points at: template items, sections, staff. */
export function useMissingText(config: BranchConfig): (m: Missing) => string {
  const { t } = useTranslation();
  const local = useLocalized();
  const templates: BusinessDayTemplates = config.standards.businessDay;
  const items = new Map(
    [...checklistItems(templates.openingChecklist), ...templates.morningMeeting.appearance, ...templates.handover.handedOver, ...templates.handover.checks].map((i) => [i.id, i.label]),
  );
  const item = (id: string) => {
    const label = items.get(id);
    return label ? local(label) : id;
  };
  const name = (id: string) => {
    const s = config.staff.find((x) => x.id === id);
    return s ? local(s.name) : id;
  };
  return (m) => {
    switch (m.kind) {
      case 'answer':
        return t('businessDay.missing.answer', { item: item(m.item) });
      case 'note':
        return t('businessDay.missing.note', { item: item(m.item) });
      case 'handed_over':
        return t('businessDay.missing.handedOver', { item: item(m.item) });
      case 'attendance':
        return t('businessDay.missing.attendance', { name: name(m.staffId) });
      case 'appearance':
        return t('businessDay.missing.appearance', { name: name(m.staffId), item: item(m.item) });
      case 'appearance_note':
        return t('businessDay.missing.appearanceNote', { name: name(m.staffId) });
      case 'section': {
        const s = templates.morningMeeting.sections.find((x) => x.id === m.section);
        return t('businessDay.missing.section', { section: s ? local(s.label) : m.section });
      }
      case 'field':
        return t(`businessDay.missing.field.${m.field}`);
      case 'nobody_present':
        return t('businessDay.missing.nobodyPresent');
      case 'same_teller':
        return t('businessDay.missing.sameTeller');
    }
  };
}

/** What is still missing, or that the form is complete. */
export function MissingList({ config, missing }: { config: BranchConfig; missing: readonly Missing[] }) {
  const { t } = useTranslation();
  const text = useMissingText(config);
  if (missing.length === 0) {
    return (
      <p className="bizday-missing bizday-missing--none" data-testid="bizday-missing" data-count={0}>
        {t('businessDay.form.complete')}
      </p>
    );
  }
  const shown = missing.slice(0, 8);
  return (
    <div className="bizday-missing" data-testid="bizday-missing" data-count={missing.length}>
      <strong>{t('businessDay.form.missingTitle')}</strong>
      <ul>
        {shown.map((m, i) => (
          <li key={i}>{text(m)}</li>
        ))}
        {missing.length > shown.length && <li>…</li>}
      </ul>
    </div>
  );
}

/** Local "HH:MM" (24 h) of an instant in the branch's zone. */
export function localClock(date: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone }).formatToParts(date);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '00';
  return `${get('hour')}:${get('minute')}`;
}

/** A business-day form's saving: one write at a time, its failure in words, `onSaved` on success. */
export function useFormSave(onSaved: () => void) {
  const { t } = useTranslation();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const save = async (write: () => Promise<unknown>): Promise<void> => {
    setSaving(true);
    setError(null);
    try {
      await write();
      onSaved();
    } catch (err) {
      // The hub's refusal in the screen's language (i18n/errorText.ts).
      setError(errorText(t, err));
      setSaving(false);
    }
  };
  return { saving, error, setError, save };
}

/** Cancel and submit (or submit again, for a form already sent) at the foot of a form dialog. */
export function FormFooter(props: { testId: string; saving: boolean; disabled: boolean; resubmit?: boolean; onCancel: () => void; onSubmit: () => void }) {
  const { t } = useTranslation();
  return (
    <>
      <button type="button" className="button" onClick={props.onCancel}>
        {t('businessDay.form.cancel')}
      </button>
      <button type="button" className="button button--primary" data-testid={props.testId} disabled={props.saving || props.disabled} onClick={props.onSubmit}>
        {props.saving ? t('businessDay.form.saving') : props.resubmit ? t('businessDay.form.resubmit') : t('businessDay.form.submit')}
      </button>
    </>
  );
}

/** Why the form could not be saved. */
export function SaveError({ error }: { error: string | null }) {
  const { t } = useTranslation();
  if (!error) return null;
  return (
    <p className="field__error" role="alert">
      {t('businessDay.form.failed', { message: error })}
    </p>
  );
}
