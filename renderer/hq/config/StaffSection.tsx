import { useTranslation } from 'react-i18next';
import { StaffRole } from '../../../shared/config/primitives.js';
import { FieldIssues, LocalizedFields, NumberField, TextField } from './Fields.js';
import { useEditor } from './editorContext.js';

/** Staff: id, name, badge, role, stars; a PIN reset types a new PIN that head office turns into a new verifier on save. */
export function StaffSection() {
  const { t } = useTranslation();
  const { draft, update, pins, setPin, hasPin } = useEditor();
  return (
    <section className="cfg-section" data-testid="cfg-staff">
      <table className="board__table cfg-table">
        <thead>
          <tr>
            <th>{t('hqConfig.fields.staffId')}</th>
            <th>{t('hqConfig.fields.name')}</th>
            <th>{t('hqConfig.fields.badge')}</th>
            <th>{t('hqConfig.fields.role')}</th>
            <th>{t('hqConfig.fields.stars')}</th>
            <th>{t('hqConfig.fields.pin')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {draft.staff.map((s, i) => (
            <tr key={i}>
              <td>
                <TextField path={['staff', i, 'id']} value={s.id} width={90} />
              </td>
              <td>
                <LocalizedFields path={['staff', i, 'name']} value={s.name} />
              </td>
              <td>
                <TextField path={['staff', i, 'badge']} value={s.badge} width={70} />
              </td>
              <td>
                <select className="cfg-input" value={s.role} onChange={(e) => update(['staff', i, 'role'], e.target.value)}>
                  {StaffRole.options.map((r) => (
                    <option key={r} value={r}>
                      {t(`hqConfig.roles.${r}`)}
                    </option>
                  ))}
                </select>
              </td>
              <td>
                <NumberField path={['staff', i, 'stars']} value={s.stars} width={56} min={0} max={3} />
              </td>
              <td>
                <div className="cfg-pin">
                  <span className="muted">{hasPin.has(s.id) ? t('hqConfig.fields.hasPin') : t('hqConfig.fields.noPin')}</span>
                  <input
                    type="password"
                    inputMode="numeric"
                    autoComplete="new-password"
                    className="cfg-input"
                    style={{ width: 120 }}
                    placeholder={t('hqConfig.fields.newPin')}
                    value={pins[s.id] ?? ''}
                    onChange={(e) => setPin(s.id, e.target.value.replace(/\D/g, ''))}
                    data-testid={`cfg-pin-${s.id}`}
                  />
                  <FieldIssues path={['staff', i, 'pin']} />
                </div>
              </td>
              <td>
                <button type="button" className="button" onClick={() => update(['staff'], draft.staff.filter((_, j) => j !== i))}>
                  {t('hqConfig.actions.remove')}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <button
        type="button"
        className="button"
        onClick={() => update(['staff'], [...draft.staff, { id: '', name: { 'zh-CN': '', 'zh-TW': '', en: '' }, badge: '', stars: 0, role: 'teller' }])}
      >
        {t('hqConfig.actions.add')}
      </button>
    </section>
  );
}
