import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FieldIssues, TextField } from './Fields.js';
import type { Path } from './draft.js';
import { useEditor } from './editorContext.js';

type Sessions = Array<{ open: string; close: string }>;

function SessionsEditor({ path, sessions }: { path: Path; sessions: Sessions }) {
  const { t } = useTranslation();
  const { update } = useEditor();
  return (
    <div className="cfg-inline">
      {sessions.length === 0 && <span className="muted">{t('hqConfig.fields.closedDay')}</span>}
      {sessions.map((s, i) => (
        <span key={i} className="cfg-session">
          <TextField path={[...path, i, 'open']} value={s.open} width={64} placeholder="09:00" />–
          <TextField path={[...path, i, 'close']} value={s.close} width={64} placeholder="17:00" />
          <button type="button" className="button cfg-x" aria-label={t('hqConfig.actions.remove')} onClick={() => update(path, sessions.filter((_, j) => j !== i))}>
            ×
          </button>
          <FieldIssues path={[...path, i]} />
        </span>
      ))}
      <button type="button" className="button" onClick={() => update(path, [...sessions, { open: '09:00', close: '17:00' }])}>
        {t('hqConfig.fields.addSession')}
      </button>
    </div>
  );
}

/** Opening hours by weekday, holidays (closed dates) and adjusted working days (open dates with their sessions). */
export function HoursSection() {
  const { t } = useTranslation();
  const { draft, update } = useEditor();
  const h = draft.hours;
  // The holiday list is edited as text (one date a line) and parsed on every change.
  const [closedText, setClosedText] = useState(h.closedDates.join('\n'));
  return (
    <section className="cfg-section" data-testid="cfg-hours">
      <TextField path={['hours', 'timezone']} value={h.timezone} label={t('hqConfig.fields.timezone')} width={200} />
      <table className="board__table cfg-table">
        <tbody>
          {h.weekly.map((day, d) => (
            <tr key={d}>
              <th style={{ width: 80 }}>{t(`hqConfig.days.d${d as 0 | 1 | 2 | 3 | 4 | 5 | 6}`)}</th>
              <td>
                <SessionsEditor path={['hours', 'weekly', d]} sessions={day} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="cfg-two">
        <label className="cfg-field">
          <span className="cfg-field__label">{t('hqConfig.fields.closedDates')}</span>
          <textarea
            className="cfg-input"
            rows={6}
            value={closedText}
            onChange={(e) => {
              setClosedText(e.target.value);
              update(['hours', 'closedDates'], e.target.value.split(/\s+/).filter(Boolean));
            }}
            data-testid="cfg-hours.closedDates"
          />
          {h.closedDates.map((_, i) => (
            <FieldIssues key={i} path={['hours', 'closedDates', i]} />
          ))}
        </label>
        <div className="cfg-field">
          <span className="cfg-field__label">{t('hqConfig.fields.extraOpenDates')}</span>
          {h.extraOpenDates.map((e, i) => (
            <div key={i} className="cfg-inline">
              <TextField path={['hours', 'extraOpenDates', i, 'date']} value={e.date} width={120} placeholder="2026-10-11" />
              <SessionsEditor path={['hours', 'extraOpenDates', i, 'sessions']} sessions={e.sessions} />
              <button type="button" className="button" onClick={() => update(['hours', 'extraOpenDates'], h.extraOpenDates.filter((_, j) => j !== i))}>
                {t('hqConfig.actions.remove')}
              </button>
            </div>
          ))}
          <button type="button" className="button" onClick={() => update(['hours', 'extraOpenDates'], [...h.extraOpenDates, { date: '', sessions: [{ open: '09:00', close: '17:00' }] }])}>
            {t('hqConfig.actions.add')}
          </button>
        </div>
      </div>
    </section>
  );
}
