import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { InspectionTemplate } from '../../../shared/evaluation/inspection.js';
import type { InspectionItem } from '../../../shared/evaluation/inspection.js';
import { LANGS } from '../../../shared/i18n/localized.js';
import { errorText } from '../../i18n/errorText.js';
import { saveTemplate } from './evaluationApi.js';

/** Each language named in itself, as the language switcher shows it. */
const LANG_NAMES = { 'zh-CN': '简体', 'zh-TW': '繁體', en: 'EN' } as const;

/**
 * Edits a template's items, maxima and weights (configuration, seeds' defaults) with the item
 * names side by side in the three languages. Checked with the template's own schema before it is
 * sent; sheets already filled keep the items they were filled on.
 */
export function TemplateEditor({ token, template, onSaved, onClose }: { token: string; template: InspectionTemplate; onSaved: (t: InspectionTemplate) => void; onClose: () => void }) {
  const { t } = useTranslation();
  const [items, setItems] = useState<InspectionItem[]>(template.items);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const draft = { ...template, items };
  const checked = InspectionTemplate.safeParse(draft);
  const set = (i: number, patch: Partial<InspectionItem>) => setItems(items.map((it, j) => (j === i ? { ...it, ...patch } : it)));

  const save = async () => {
    if (!checked.success) return;
    setSaving(true);
    try {
      onSaved(await saveTemplate(token, checked.data));
      setError(null);
    } catch (err) {
      setError(errorText(t, err));
    } finally {
      setSaving(false);
    }
  };

  return (
    <div className="hqe-editor" data-testid="hqe-template-editor">
      <table className="hqe-table">
        <thead>
          <tr>
            {LANGS.map((l) => (
              <th key={l}>{t('hqEvaluation.templates.label', { lang: LANG_NAMES[l] })}</th>
            ))}
            <th>{t('hqEvaluation.templates.max')}</th>
            <th>{t('hqEvaluation.templates.weight')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {items.map((it, i) => (
            <tr key={i}>
              {LANGS.map((l) => (
                <td key={l}>
                  <input value={it.label[l]} aria-invalid={!it.label[l].trim()} onChange={(e) => set(i, { label: { ...it.label, [l]: e.target.value } })} />
                </td>
              ))}
              <td>
                <input type="number" min={1} max={100} value={it.max} onChange={(e) => set(i, { max: Math.round(Number(e.target.value)) })} data-testid={`hqe-tpl-max-${it.id}`} />
              </td>
              <td>
                <input type="number" min={0} max={100} value={it.weight} onChange={(e) => set(i, { weight: Number(e.target.value) })} data-testid={`hqe-tpl-weight-${it.id}`} />
              </td>
              <td>
                <button type="button" className="button button--small" disabled={items.length <= 1} onClick={() => setItems(items.filter((_, j) => j !== i))}>
                  {t('hqEvaluation.templates.remove')}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="hqe-actions">
        <button
          type="button"
          className="button button--small"
          onClick={() => setItems([...items, { id: `item_${items.length + 1}_${Date.now().toString(36)}`, label: { 'zh-CN': '', 'zh-TW': '', en: '' }, max: 10, weight: 10 }])}
        >
          {t('hqEvaluation.templates.add')}
        </button>
        <span className="muted">{t('hqEvaluation.templates.weights', { total: items.reduce((n, i) => n + (Number.isFinite(i.weight) ? i.weight : 0), 0) })}</span>
        <button type="button" className="button button--primary" disabled={!checked.success || saving} onClick={() => void save()} data-testid="hqe-tpl-save">
          {t('hqEvaluation.templates.save')}
        </button>
        <button type="button" className="button" onClick={onClose}>
          {t('hqEvaluation.templates.close')}
        </button>
        {!checked.success && <span className="muted">{t('hqEvaluation.templates.invalid')}</span>}
      </div>
      <p className="muted">{t('hqEvaluation.templates.hint')}</p>
      {error && <p className="board__alert" role="alert">{t('hqEvaluation.error', { message: error })}</p>}
    </div>
  );
}
