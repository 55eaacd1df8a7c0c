import { useTranslation } from 'react-i18next';
import { PAUSE_REASONS } from '../../../shared/pause/schema.js';
import { useLocalized } from '../../i18n/index.js';
import { CheckField, LocalizedFields, NumberField } from './Fields.js';
import { useEditor } from './editorContext.js';

/** Per pause reason: allowed length, the lead's consent, the customer display's sign and the reason's name. */
export function PausesSection() {
  const { t } = useTranslation();
  const local = useLocalized();
  const { draft } = useEditor();
  const policies = draft.standards.pausePolicies;
  return (
    <section className="cfg-section" data-testid="cfg-pauses">
      <table className="board__table cfg-table">
        <thead>
          <tr>
            <th>{t('hqConfig.fields.reason')}</th>
            <th>{t('hqConfig.fields.allowedMinutes')}</th>
            <th>{t('hqConfig.fields.needsApproval')}</th>
            <th>
              {t('hqConfig.fields.label')} · {t('hqConfig.fields.sign')}
            </th>
          </tr>
        </thead>
        <tbody>
          {PAUSE_REASONS.map((r) => {
            const p = policies[r];
            const base = ['standards', 'pausePolicies', r] as const;
            return (
              <tr key={r}>
                <td className="strong cfg-table__name">{local(p.label)}</td>
                <td>
                  <NumberField path={[...base, 'allowedMinutes']} value={p.allowedMinutes} width={70} min={1} max={240} />
                </td>
                <td>
                  <CheckField path={[...base, 'needsApproval']} value={p.needsApproval} label="" />
                </td>
                {/* The name above the sign, each language a third of the row: side by side, six fields were too narrow to read. */}
                <td>
                  <div className="cfg-stack">
                    <span className="cfg-field__label">{t('hqConfig.fields.label')}</span>
                    <LocalizedFields path={[...base, 'label']} value={p.label} />
                    <span className="cfg-field__label">{t('hqConfig.fields.sign')}</span>
                    <LocalizedFields path={[...base, 'sign']} value={p.sign} multiline />
                  </div>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}
