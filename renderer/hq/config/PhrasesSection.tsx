import { useTranslation } from 'react-i18next';
import { branchCatalogue } from '../../../shared/phrases/catalogue.js';
import { useLocalized } from '../../i18n/index.js';
import { FieldIssues, LocalizedFields, NumberField } from './Fields.js';
import { useEditor } from './editorContext.js';

/**
 * The phrase catalogue, the three languages side by side. A branch without its own catalogue
 * uses its type's default; editing starts from a copy of that default, whose version is raised
 * so it supersedes the one the counters hold.
 */
export function PhrasesSection() {
  const { t } = useTranslation();
  const local = useLocalized();
  const { draft, update } = useEditor();
  const own = draft.standards.phraseCatalogue;
  if (!own) {
    const def = branchCatalogue(draft);
    return (
      <section className="cfg-section" data-testid="cfg-phrases">
        <p>{t('hqConfig.fields.usingDefault', { name: local(def.name) })}</p>
        <button
          type="button"
          className="button button--primary"
          data-testid="cfg-phrases-copy"
          onClick={() => update(['standards', 'phraseCatalogue'], { ...structuredClone(def), version: def.version + 1 })}
        >
          {t('hqConfig.fields.editCopy')}
        </button>
      </section>
    );
  }
  const base = ['standards', 'phraseCatalogue'] as const;
  return (
    <section className="cfg-section" data-testid="cfg-phrases">
      <div className="cfg-inline">
        <strong>{local(own.name)}</strong>
        <NumberField path={[...base, 'version']} value={own.version} label={t('hqConfig.fields.catalogueVersion')} width={70} min={1} />
      </div>
      <table className="board__table cfg-table cfg-phrases">
        <thead>
          <tr>
            <th style={{ width: 220 }}>{t('hqConfig.fields.phraseId')}</th>
            {/* One header over the three fields, laid out as they are, so each language names its column. */}
            <th colSpan={3}>
              <div className="cfg-localized">
                <span>{t('hqConfig.langs.zh-CN')}</span>
                <span>{t('hqConfig.langs.zh-TW')}</span>
                <span>{t('hqConfig.langs.en')}</span>
              </div>
            </th>
          </tr>
        </thead>
        <tbody>
          {own.phrases.map((p, i) => (
            <tr key={i}>
              <td>
                <code>{p.id}</code>
                <div className="muted">{t(`hqConfig.situations.${p.situation}`)}</div>
                <FieldIssues path={[...base, 'phrases', i, 'id']} />
                <FieldIssues path={[...base, 'phrases', i, 'key']} />
              </td>
              <td colSpan={3}>
                {/* Three lines: the longer phrases (an apology with its reason) are read whole, not scrolled. */}
                <LocalizedFields path={[...base, 'phrases', i, 'text']} value={p.text} multiline rows={3} />
              </td>
            </tr>
          ))}
          {own.forbidden.map((f, i) => (
            <tr key={`f${i}`}>
              <td>
                <code>{f.id}</code>
              </td>
              <td colSpan={3}>
                <LocalizedFields path={[...base, 'forbidden', i, 'text']} value={f.text} />
                <LocalizedFields path={[...base, 'forbidden', i, 'instead']} value={f.instead} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
