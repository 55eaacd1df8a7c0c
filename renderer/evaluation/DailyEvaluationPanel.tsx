import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { may } from '../../shared/access/roles.js';
import type { BranchConfig, StaffRole } from '../../shared/config/schema.js';
import { DAILY_ITEMS, DAILY_MAX_TOTAL, fullMarks, sheetTotal } from '../../shared/evaluation/dailyForm.js';
import type { DailyEvaluationDay, DailySheet, EvaluationItemId } from '../../shared/evaluation/dailyForm.js';
import { errorText } from '../i18n/errorText.js';
import { useLang, useLocalized } from '../i18n/index.js';
import { DateField } from '../ui/DateFields.js';
import { formatClock, formatDateTime, localDate } from '../ui/format.js';
import { fetchDailyEvaluation, saveDailySheet } from './evaluationApi.js';
import '../ui/board.css';
import './evaluation.css';

interface Draft {
  scores: Record<EvaluationItemId, number>;
  notes: Partial<Record<EvaluationItemId, string>>;
  remark: string;
  baseRevision: number;
}

const draftOf = (sheet: DailySheet | undefined): Draft =>
  sheet
    ? { scores: { ...fullMarks(), ...sheet.scores }, notes: { ...sheet.notes }, remark: sheet.remark, baseRevision: sheet.revision }
    : { scores: fullMarks(), notes: {}, remark: '', baseRevision: 0 };

/**
 * The branch head's daily on-site evaluation (逐日按人做现场服务考评记载, seed 000): for a day, every
 * teller's sheet (six items out of 100, a reason for each deduction, a remark), kept with the day
 * on the hub with every revision. A lead or branch head fills it in; an auditor reads it.
 */
export function DailyEvaluationPanel({ config, role }: { config: BranchConfig; role: StaffRole }) {
  const { t } = useTranslation();
  const lang = useLang();
  const local = useLocalized();
  const tz = config.hours.timezone;
  const tellers = config.staff.filter((s) => s.role === 'teller');
  const canWrite = may(role, 'approve');
  const [day, setDay] = useState(() => localDate(new Date(), tz));
  const [data, setData] = useState<DailyEvaluationDay | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [selected, setSelected] = useState<string | null>(tellers[0]?.id ?? null);
  const [draft, setDraft] = useState<Draft>(() => draftOf(undefined));
  const [saving, setSaving] = useState(false);
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);

  const load = useCallback(async (which: string): Promise<DailyEvaluationDay | null> => {
    try {
      const got = await fetchDailyEvaluation(which);
      setData(got);
      setError(null);
      return got;
    } catch (err) {
      setError(err);
      return null;
    }
  }, []);

  useEffect(() => {
    setData(null);
    setMessage(null);
    void load(day);
  }, [day, load]);

  const sheetOf = (id: string | null) => data?.sheets.find((s) => s.staffId === id);
  // A new teller or a new day's answer: the form starts from the stored sheet.
  useEffect(() => {
    setDraft(draftOf(data?.sheets.find((s) => s.staffId === selected)));
  }, [data, selected]);

  const missing = DAILY_ITEMS.filter((i) => draft.scores[i.id] < i.max && !(draft.notes[i.id] ?? '').trim());
  const nameOf = (id: string) => {
    const s = config.staff.find((x) => x.id === id);
    return s ? local(s.name) : id;
  };
  const when = (iso: string) => {
    const at = new Date(iso);
    return localDate(at, tz) === day ? formatClock(at, lang, tz) : formatDateTime(at, lang, tz);
  };

  const save = async () => {
    if (selected === null || missing.length > 0) return;
    setSaving(true);
    setMessage(null);
    try {
      const notes = Object.fromEntries(DAILY_ITEMS.filter((i) => draft.scores[i.id] < i.max).map((i) => [i.id, (draft.notes[i.id] ?? '').trim()]));
      const sheet = await saveDailySheet(day, selected, { scores: draft.scores, notes, remark: draft.remark.trim(), baseRevision: draft.baseRevision });
      setData((d) => (d ? { ...d, sheets: [...d.sheets.filter((s) => s.staffId !== sheet.staffId), sheet], revisions: [...d.revisions, { staffId: sheet.staffId, revision: sheet.revision, total: sheet.total, updatedAt: sheet.updatedAt, updatedBy: sheet.updatedBy, updatedByName: sheet.updatedByName }] } : d));
      setMessage({ kind: 'ok', text: t('evaluation.saved', { n: sheet.revision }) });
    } catch (err) {
      const text = errorText(t, err, {
        sheet_changed: t('evaluation.refused.sheet_changed'),
        day_in_future: t('evaluation.refused.day_in_future'),
        unknown_teller: t('evaluation.refused.unknown_teller'),
      });
      setMessage({ kind: 'error', text });
      // Someone else's revision: show it, the lead checks and saves again.
      if ((err as { reason?: string }).reason === 'sheet_changed') await load(day);
    } finally {
      setSaving(false);
    }
  };

  const setScore = (id: EvaluationItemId, max: number, raw: string) => {
    const n = Math.max(0, Math.min(max, Math.round(Number(raw))));
    setDraft((d) => ({ ...d, scores: { ...d.scores, [id]: Number.isFinite(n) ? n : 0 } }));
    setMessage(null);
  };

  const history = (data?.revisions ?? []).filter((r) => r.staffId === selected).reverse();

  return (
    <section className="board__section evaluation" data-testid="evaluation-panel">
      <div className="evaluation__bar">
        <h2>{t('evaluation.title')}</h2>
        <span className="evaluation__subtitle">{t('evaluation.subtitle')}</span>
        <label className="evaluation__day">
          {t('evaluation.day')}
          <DateField value={day} onChange={(v) => v && setDay(v)} aria-label={t('evaluation.day')} data-testid="evaluation-day" />
        </label>
      </div>
      {error !== null && <p className="evaluation__message evaluation__message--error" role="alert">{t('evaluation.error', { message: errorText(t, error) })}</p>}
      {data === null && error === null && <p className="evaluation__message">{t('evaluation.loading')}</p>}
      {tellers.length === 0 && <p className="evaluation__message">{t('evaluation.noTellers')}</p>}
      {data !== null && tellers.length > 0 && (
        <div className="evaluation__grid">
          <table className="board__table evaluation__tellers" data-testid="evaluation-tellers">
            <thead>
              <tr>
                <th>{t('evaluation.teller')}</th>
                <th className="num">{t('evaluation.total')}</th>
                <th>{t('evaluation.lastWritten')}</th>
              </tr>
            </thead>
            <tbody>
              {tellers.map((s) => {
                const sheet = sheetOf(s.id);
                return (
                  <tr key={s.id} className={s.id === selected ? 'is-selected' : undefined} onClick={() => setSelected(s.id)} data-testid={`evaluation-teller-${s.id}`}>
                    <td>
                      <button type="button" className="evaluation__name" onClick={() => setSelected(s.id)} aria-pressed={s.id === selected}>
                        {local(s.name)}
                      </button>{' '}
                      <span className="muted">{s.badge}</span>
                    </td>
                    <td className="num strong">{sheet ? sheet.total : <span className="muted">{t('evaluation.notYet')}</span>}</td>
                    <td className="muted">{sheet ? `${t('evaluation.revision', { n: sheet.revision })} · ${t('evaluation.by', { name: nameOf(sheet.updatedBy), time: when(sheet.updatedAt) })}` : '–'}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>

          {selected !== null && (
            <form
              className="evaluation__form"
              data-testid="evaluation-form"
              onSubmit={(e) => {
                e.preventDefault();
                void save();
              }}
            >
              <h3>{nameOf(selected)}</h3>
              {!canWrite && <p className="evaluation__message">{t('evaluation.readOnly')}</p>}
              {DAILY_ITEMS.map((item) => {
                const score = draft.scores[item.id];
                const docked = score < item.max;
                const needs = docked && !(draft.notes[item.id] ?? '').trim();
                return (
                  <div className="evaluation__item" key={item.id}>
                    <label htmlFor={`ev-${item.id}`}>
                      {t(`evaluation.items.${item.id}`)}
                      <small>{t('evaluation.outOf', { max: item.max })}</small>
                    </label>
                    <input id={`ev-${item.id}`} type="number" min={0} max={item.max} step={1} value={score} disabled={!canWrite} onChange={(e) => setScore(item.id, item.max, e.target.value)} data-testid={`evaluation-score-${item.id}`} />
                    {docked ? (
                      <input
                        type="text"
                        className={needs ? 'is-missing' : undefined}
                        value={draft.notes[item.id] ?? ''}
                        placeholder={t('evaluation.notePlaceholder')}
                        aria-label={`${t(`evaluation.items.${item.id}`)} · ${t('evaluation.note')}`}
                        disabled={!canWrite}
                        maxLength={300}
                        onChange={(e) => setDraft((d) => ({ ...d, notes: { ...d.notes, [item.id]: e.target.value } }))}
                        data-testid={`evaluation-note-${item.id}`}
                      />
                    ) : (
                      <span />
                    )}
                  </div>
                );
              })}
              <label className="evaluation__remark">
                {t('evaluation.remark')}
                <textarea rows={2} value={draft.remark} placeholder={t('evaluation.remarkPlaceholder')} disabled={!canWrite} maxLength={1000} onChange={(e) => setDraft((d) => ({ ...d, remark: e.target.value }))} data-testid="evaluation-remark" />
              </label>
              <div className="evaluation__footer">
                <span className="evaluation__total" data-testid="evaluation-total">
                  {t('evaluation.total')} {sheetTotal(draft.scores)} / {DAILY_MAX_TOTAL}
                </span>
                {canWrite && (
                  <button type="submit" className="button button--primary" disabled={saving || missing.length > 0} data-testid="evaluation-save">
                    {saving ? t('evaluation.saving') : t('evaluation.save')}
                  </button>
                )}
                {canWrite && missing[0] && <span className="evaluation__message evaluation__message--error">{t('evaluation.needReason', { item: t(`evaluation.items.${missing[0].id}`) })}</span>}
                {message && (
                  <span className={`evaluation__message evaluation__message--${message.kind}`} role={message.kind === 'error' ? 'alert' : 'status'} data-testid="evaluation-message">
                    {message.text}
                  </span>
                )}
              </div>
              {history.length > 0 && (
                <div>
                  <strong>{t('evaluation.history')}</strong>
                  <ul className="evaluation__history" data-testid="evaluation-history">
                    {history.map((r) => (
                      <li key={r.revision}>
                        {t('evaluation.revision', { n: r.revision })} · {r.total} · {t('evaluation.by', { name: nameOf(r.updatedBy), time: when(r.updatedAt) })}
                      </li>
                    ))}
                  </ul>
                </div>
              )}
            </form>
          )}
        </div>
      )}
    </section>
  );
}
