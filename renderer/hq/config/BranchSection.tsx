import { useTranslation } from 'react-i18next';
import { LocalizedFields, TextField } from './Fields.js';
import { useEditor } from './editorContext.js';

/** The branch's own name and the region head office files it under (figures, rankings and reports per region). */
export function BranchSection() {
  const { t } = useTranslation();
  const { draft, update } = useEditor();
  return (
    <section className="cfg-section" data-testid="cfg-branch">
      <h3>{t('hqConfig.branch.name')}</h3>
      <LocalizedFields path={['name']} value={draft.name} />
      <h3>{t('hqConfig.branch.region')}</h3>
      <p className="muted">{t('hqConfig.branch.regionHint')}</p>
      <TextField path={['region', 'id']} value={draft.region?.id} label={t('hqConfig.branch.regionId')} width={200} placeholder="east" />
      <LocalizedFields path={['region', 'name']} value={draft.region?.name} />
      {draft.region !== undefined && (
        <button type="button" className="button" onClick={() => update(['region'], undefined)} data-testid="cfg-region-remove">
          {t('hqConfig.branch.noRegion')}
        </button>
      )}
    </section>
  );
}
