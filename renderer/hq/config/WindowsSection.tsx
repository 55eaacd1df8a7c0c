import { useTranslation } from 'react-i18next';
import { useLocalized } from '../../i18n/index.js';
import { FieldIssues, NumberField } from './Fields.js';
import { useEditor } from './editorContext.js';

/** Windows: number, the services each serves (ticked from the branch's services, plus any unknown one kept visible), its teller. */
export function WindowsSection() {
  const { t } = useTranslation();
  const local = useLocalized();
  const { draft, update } = useEditor();
  const codes = draft.services.map((s) => s.code);
  return (
    <section className="cfg-section" data-testid="cfg-windows">
      <table className="board__table cfg-table">
        <thead>
          <tr>
            <th>{t('hqConfig.fields.window')}</th>
            <th>{t('hqConfig.fields.windowServices')}</th>
            <th>{t('hqConfig.fields.teller')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {draft.counters.map((w, i) => {
            const shown = [...codes, ...w.services.filter((c) => !codes.includes(c))];
            return (
              <tr key={i}>
                <td>
                  <NumberField path={['counters', i, 'number']} value={w.number} width={70} min={1} max={99} />
                </td>
                <td>
                  <div className="cfg-inline">
                    {shown.map((code) => (
                      <label key={code} className={codes.includes(code) ? 'cfg-chip' : 'cfg-chip cfg-chip--bad'}>
                        <input
                          type="checkbox"
                          checked={w.services.includes(code)}
                          onChange={(e) =>
                            update(['counters', i, 'services'], e.target.checked ? [...w.services, code] : w.services.filter((c) => c !== code))
                          }
                          data-testid={`cfg-window-${i}-service-${code}`}
                        />
                        {code}
                      </label>
                    ))}
                  </div>
                  <FieldIssues path={['counters', i, 'services']} />
                  {w.services.map((_, j) => (
                    <FieldIssues key={j} path={['counters', i, 'services', j]} />
                  ))}
                </td>
                <td>
                  <select className="cfg-input" value={w.staffId} onChange={(e) => update(['counters', i, 'staffId'], e.target.value)}>
                    {!draft.staff.some((s) => s.id === w.staffId) && <option value={w.staffId}>{w.staffId}</option>}
                    {draft.staff.map((s) => (
                      <option key={s.id} value={s.id}>
                        {local(s.name)} ({s.id})
                      </option>
                    ))}
                  </select>
                  <FieldIssues path={['counters', i, 'staffId']} />
                </td>
                <td>
                  <button type="button" className="button" onClick={() => update(['counters'], draft.counters.filter((_, j) => j !== i))}>
                    {t('hqConfig.actions.remove')}
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <button
        type="button"
        className="button"
        onClick={() =>
          update(['counters'], [...draft.counters, { number: Math.max(0, ...draft.counters.map((c) => c.number)) + 1, services: codes.slice(0, 1), staffId: draft.staff[0]?.id ?? '' }])
        }
      >
        {t('hqConfig.actions.add')}
      </button>
    </section>
  );
}
