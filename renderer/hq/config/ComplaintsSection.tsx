import { useTranslation } from 'react-i18next';
import { CheckField, FieldIssues, NumberField } from './Fields.js';
import { useEditor } from './editorContext.js';

const RULES = ['complaint', 'dissatisfiedRating'] as const;

/** The complaint log's time limits per kind, acknowledgement and reminder days. */
export function ComplaintsSection() {
  const { t } = useTranslation();
  const { draft, update } = useEditor();
  const c = draft.complaints;
  return (
    <section className="cfg-section" data-testid="cfg-complaints">
      <table className="board__table cfg-table">
        <thead>
          <tr>
            <th>{t('hqConfig.fields.complaintKind')}</th>
            <th>{t('hqConfig.fields.unit')}</th>
            <th>{t('hqConfig.fields.simpleDays')}</th>
            <th>{t('hqConfig.fields.complexDays')}</th>
            <th>{t('hqConfig.fields.approvedExtensionDays')}</th>
          </tr>
        </thead>
        <tbody>
          {RULES.map((k) => {
            const rule = c[k];
            const base = ['complaints', k] as const;
            return (
              <tr key={k}>
                <td className="strong">
                  {t(`hqConfig.fields.${k}`)}
                  <FieldIssues path={base} />
                </td>
                <td>
                  <select className="cfg-input" value={rule.unit} onChange={(e) => update([...base, 'unit'], e.target.value)}>
                    <option value="working">{t('hqConfig.fields.unitWorking')}</option>
                    <option value="calendar">{t('hqConfig.fields.unitCalendar')}</option>
                  </select>
                </td>
                <td>
                  <NumberField path={[...base, 'simpleDays']} value={rule.simpleDays} width={70} min={1} max={365} />
                </td>
                <td>
                  <NumberField path={[...base, 'complexDays']} value={rule.complexDays ?? undefined} emptyIsNull width={70} min={1} max={365} />
                </td>
                <td>
                  <NumberField path={[...base, 'approvedExtensionDays']} value={rule.approvedExtensionDays ?? undefined} emptyIsNull width={70} min={1} max={365} />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <div className="cfg-grid">
        <NumberField path={['complaints', 'acknowledgeWorkingDays']} value={c.acknowledgeWorkingDays} label={t('hqConfig.fields.acknowledgeWorkingDays')} min={0} max={5} />
        <NumberField path={['complaints', 'remindWorkingDaysBefore']} value={c.remindWorkingDaysBefore} label={t('hqConfig.fields.remindWorkingDaysBefore')} min={0} max={10} />
        <CheckField path={['complaints', 'answerRequiresRecourse']} value={c.answerRequiresRecourse} label={t('hqConfig.fields.answerRequiresRecourse')} />
      </div>
    </section>
  );
}
