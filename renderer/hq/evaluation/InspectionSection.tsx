import { HQ_TIME_ZONE } from '../../../shared/hq/api.js';
import { DateField } from '../../ui/DateFields.js';
import { localDate } from '../../ui/format.js';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { sheetIssues, sheetTotal } from '../../../shared/evaluation/inspection.js';
import type { InspectionKind, InspectionSheet, InspectionSheetInput, InspectionTemplate } from '../../../shared/evaluation/inspection.js';
import { useLocalized } from '../../i18n/index.js';
import { errorText } from '../../i18n/errorText.js';
import { fetchSheets, fetchTemplates, submitSheet } from './evaluationApi.js';
import { TemplateEditor } from './TemplateEditor.js';

/** Fill an inspection sheet (on site or as a mystery shopper) for the branch or one teller, and see the month's sheets. */
export function InspectionSection({ token, month, branchId }: { token: string; month: string; branchId: string }) {
  const { t } = useTranslation();
  const localized = useLocalized();
  const [templates, setTemplates] = useState<InspectionTemplate[]>([]);
  const [sheets, setSheets] = useState<InspectionSheet[] | null>(null);
  const [templateId, setTemplateId] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [editing, setEditing] = useState(false);

  const loadSheets = useCallback(async () => {
    try {
      setSheets(await fetchSheets(token, month, branchId));
    } catch (err) {
      setError(errorText(t, err));
    }
  }, [token, month, branchId, t]);

  useEffect(() => {
    fetchTemplates(token)
      .then((list) => {
        setTemplates(list);
        setTemplateId((id) => id || list[0]?.id || '');
      })
      .catch((err: unknown) => setError(errorText(t, err)));
  }, [token, t]);
  useEffect(() => void loadSheets(), [loadSheets]);

  const template = templates.find((x) => x.id === templateId) ?? null;
  return (
    <div className="hqe-inspection" data-testid="hqe-inspection">
      <div className="hqe-inspection__form">
        <label className="hqe-field">
          <span>{t('hqEvaluation.inspection.template')}</span>
          <select value={templateId} onChange={(e) => setTemplateId(e.target.value)} data-testid="hqe-template">
            {templates.map((x) => (
              <option key={x.id} value={x.id}>
                {localized(x.name)}
              </option>
            ))}
          </select>
        </label>
        {template && !editing && (
          <button type="button" className="button button--small hqe-edit" onClick={() => setEditing(true)} data-testid="hqe-tpl-edit">
            {t('hqEvaluation.templates.edit')}
          </button>
        )}
        {template && editing && (
          <TemplateEditor
            key={template.id}
            token={token}
            template={template}
            onClose={() => setEditing(false)}
            onSaved={(saved) => {
              setTemplates(templates.map((x) => (x.id === saved.id ? saved : x)));
              setEditing(false);
            }}
          />
        )}
        {error && <p className="board__alert" role="alert">{t('hqEvaluation.error', { message: error })}</p>}
        {template && !editing && <SheetForm key={`${template.id}-${branchId}-${month}-${template.items.map((i) => `${i.id}:${i.max}:${i.weight}`).join(',')}`} token={token} template={template} month={month} branchId={branchId} onSaved={() => void loadSheets()} />}
      </div>
      <div className="hqe-inspection__list">
        <h3>{t('hqEvaluation.inspection.list')}</h3>
        {sheets === null && <p className="muted">{t('hqEvaluation.loading')}</p>}
        {sheets?.length === 0 && <p className="muted">{t('hqEvaluation.inspection.none')}</p>}
        {sheets && sheets.length > 0 && (
          <table className="hqe-table" data-testid="hqe-sheets">
            <tbody>
              {sheets.map((s) => (
                <tr key={s.id}>
                  <td>{localized(s.templateName)}</td>
                  <td>{t(`hqEvaluation.inspection.kinds.${s.kind}`)}</td>
                  <td>{s.staffId ?? t('hqEvaluation.inspection.branchWide')}</td>
                  <td className="muted">{t('hqEvaluation.inspection.by', { who: s.inspector, day: s.visitedOn })}</td>
                  <td className="hqe-score">{s.total}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
    </div>
  );
}

function SheetForm({ token, template, month, branchId, onSaved }: { token: string; template: InspectionTemplate; month: string; branchId: string; onSaved: () => void }) {
  const { t } = useTranslation();
  const localized = useLocalized();
  const [kind, setKind] = useState<InspectionKind>(template.kinds[0]!);
  const [staffId, setStaffId] = useState('');
  const [visitedOn, setVisitedOn] = useState(() => defaultVisitDay(month, localDate(new Date(), HQ_TIME_ZONE)));
  const [scores, setScores] = useState<Record<string, string>>(() => Object.fromEntries(template.items.map((i) => [i.id, String(i.max)])));
  const [notes, setNotes] = useState<Record<string, string>>({});
  const [remark, setRemark] = useState('');
  const [state, setState] = useState<'idle' | 'saving' | 'saved'>('idle');
  const [error, setError] = useState<string | null>(null);

  const input: InspectionSheetInput = useMemo(
    () => ({
      templateId: template.id,
      kind,
      branchId,
      ...(template.subject === 'teller' && staffId.trim() ? { staffId: staffId.trim() } : {}),
      visitedOn,
      scores: Object.fromEntries(Object.entries(scores).map(([k, v]) => [k, v.trim() === '' ? NaN : Number(v)])),
      notes,
      remark,
    }),
    [template, kind, branchId, staffId, visitedOn, scores, notes, remark],
  );
  // The same check head office makes, so each field is marked before anything is sent.
  const issues = sheetIssues(template, input).concat(Object.entries(input.scores).filter(([, v]) => Number.isNaN(v)).map(([k]) => ({ path: `scores.${k}`, message: 'missing' })));
  const bad = new Set(issues.map((i) => i.path));
  const total = sheetTotal(template.items, input.scores);

  const submit = async () => {
    setState('saving');
    try {
      await submitSheet(token, input);
      setState('saved');
      setError(null);
      onSaved();
    } catch (err) {
      setState('idle');
      setError(errorText(t, err));
    }
  };

  return (
    <form
      className="hqe-sheet"
      data-testid="hqe-sheet-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (!issues.length) void submit();
      }}
    >
      <div className="hqe-sheet__meta">
        <label className="hqe-field">
          <span>{t('hqEvaluation.inspection.kind')}</span>
          <select value={kind} onChange={(e) => setKind(e.target.value as InspectionKind)} data-testid="hqe-kind">
            {template.kinds.map((k) => (
              <option key={k} value={k}>
                {t(`hqEvaluation.inspection.kinds.${k}`)}
              </option>
            ))}
          </select>
        </label>
        {template.subject === 'teller' && (
          <label className="hqe-field">
            <span>{t('hqEvaluation.inspection.teller')}</span>
            <input value={staffId} aria-invalid={bad.has('staffId')} onChange={(e) => setStaffId(e.target.value)} data-testid="hqe-staff" />
          </label>
        )}
        <label className="hqe-field">
          <span>{t('hqEvaluation.inspection.visitedOn')}</span>
          <DateField value={visitedOn} onChange={setVisitedOn} />
        </label>
      </div>
      <table className="hqe-table hqe-sheet__items">
        <thead>
          <tr>
            <th>{t('hqEvaluation.inspection.item')}</th>
            <th>{t('hqEvaluation.inspection.score')}</th>
            <th>{t('hqEvaluation.inspection.reason')}</th>
          </tr>
        </thead>
        <tbody>
          {template.items.map((i) => (
            <tr key={i.id}>
              <td>{localized(i.label)}</td>
              <td className="hqe-sheet__score">
                <input type="number" min={0} max={i.max} value={scores[i.id] ?? ''} aria-invalid={bad.has(`scores.${i.id}`)} onChange={(e) => setScores({ ...scores, [i.id]: e.target.value })} data-testid={`hqe-sheet-${i.id}`} />
                <span className="muted">/ {i.max}</span>
              </td>
              <td>
                <input
                  value={notes[i.id] ?? ''}
                  maxLength={300}
                  aria-invalid={bad.has(`notes.${i.id}`)}
                  placeholder={bad.has(`notes.${i.id}`) ? t('hqEvaluation.inspection.reasonNeeded') : ''}
                  onChange={(e) => setNotes({ ...notes, [i.id]: e.target.value })}
                />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <label className="hqe-field hqe-field--wide">
        <span>{t('hqEvaluation.inspection.remark')}</span>
        <textarea value={remark} rows={2} maxLength={1000} onChange={(e) => setRemark(e.target.value)} />
      </label>
      <div className="hqe-actions">
        <strong className="hqe-total">{t('hqEvaluation.inspection.total', { total })}</strong>
        <button type="submit" className="button button--primary" disabled={state === 'saving' || issues.length > 0} data-testid="hqe-sheet-submit">
          {t('hqEvaluation.inspection.submit')}
        </button>
        {state === 'saved' && <span role="status">{t('hqEvaluation.inspection.submitted')}</span>}
      </div>
      {error && <p className="board__alert" role="alert">{t('hqEvaluation.error', { message: error })}</p>}
    </form>
  );
}

/** Today when the sheet is for this month (filled on the visit), else the month's last day (filled afterwards). */
export function defaultVisitDay(month: string, today: string): string {
  if (today.startsWith(`${month}-`)) return today;
  const [y, m] = month.split('-').map(Number) as [number, number];
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return `${month}-${String(last).padStart(2, '0')}`;
}
