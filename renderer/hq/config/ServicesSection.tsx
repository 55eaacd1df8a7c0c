import { useTranslation } from 'react-i18next';
import type { Service } from '../../../shared/config/schema.js';
import { FieldIssues, LocalizedFields, NumberField, TextField } from './Fields.js';
import { setAt } from './draft.js';
import { useEditor } from './editorContext.js';

type Target = 'Wait' | 'Handling';

/** A target in minutes or seconds (one of the two, as the schema wants): switching the unit moves the number. */
function TargetField({ index, service, target }: { index: number; service: Service; target: Target }) {
  const { t } = useTranslation();
  const { update } = useEditor();
  const minutesKey = `target${target}Minutes` as const;
  const secondsKey = `target${target}Seconds` as const;
  const inSeconds = service[secondsKey] !== undefined;
  const key = inSeconds ? secondsKey : minutesKey;
  return (
    <div className="cfg-inline cfg-nowrap">
      <NumberField path={['services', index, key]} value={service[key]} width={80} min={1} />
      <select
        className="cfg-input"
        value={inSeconds ? 's' : 'min'}
        onChange={(e) => {
          const toSeconds = e.target.value === 's';
          if (toSeconds === inSeconds) return;
          const v = service[key];
          let s: Service = setAt(service, [key], undefined);
          s = setAt(s, [toSeconds ? secondsKey : minutesKey], v === undefined ? undefined : toSeconds ? v * 60 : Math.max(1, Math.round(v / 60)));
          update(['services', index], s);
        }}
      >
        <option value="min">{t('hqConfig.fields.minutes')}</option>
        <option value="s">{t('hqConfig.fields.seconds')}</option>
      </select>
      <FieldIssues path={['services', index, minutesKey]} />
    </div>
  );
}

export function ServicesSection() {
  const { t } = useTranslation();
  const { draft, update } = useEditor();
  return (
    <section className="cfg-section" data-testid="cfg-services">
      <table className="board__table cfg-table">
        <thead>
          <tr>
            <th>{t('hqConfig.fields.code')}</th>
            <th>{t('hqConfig.fields.name')}</th>
            <th>{t('hqConfig.fields.targetWait')}</th>
            <th>{t('hqConfig.fields.targetHandling')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {draft.services.map((s, i) => (
            <tr key={i}>
              <td>
                <TextField path={['services', i, 'code']} value={s.code} width={48} />
              </td>
              <td>
                <LocalizedFields path={['services', i, 'name']} value={s.name} />
              </td>
              <td>
                <TargetField index={i} service={s} target="Wait" />
              </td>
              <td>
                <TargetField index={i} service={s} target="Handling" />
              </td>
              <td>
                <button type="button" className="button" onClick={() => update(['services'], draft.services.filter((_, j) => j !== i))}>
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
        onClick={() => update(['services'], [...draft.services, { code: '', name: { 'zh-CN': '', 'zh-TW': '', en: '' }, targetWaitMinutes: 15, targetHandlingMinutes: 10 }])}
      >
        {t('hqConfig.actions.add')}
      </button>
    </section>
  );
}
