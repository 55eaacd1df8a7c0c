import { useTranslation } from 'react-i18next';
import { pathKey } from '../../../shared/config/validation.js';
import { LANGS } from '../../../shared/i18n/localized.js';
import type { Localized } from '../../../shared/i18n/localized.js';
import { issueText } from './draft.js';
import type { Path } from './draft.js';
import { useEditor } from './editorContext.js';

/** The issues naming exactly this field, beside it. */
export function FieldIssues({ path }: { path: Path }) {
  const { t } = useTranslation();
  const { issues } = useEditor();
  const here = issues.get(pathKey(path)) ?? [];
  if (here.length === 0) return null;
  return (
    <span className="cfg-issue" role="alert" data-testid={`cfg-issue-${pathKey(path)}`}>
      {here.map((i) => issueText(t, i)).join(' · ')}
    </span>
  );
}

function invalidAt(issues: ReturnType<typeof useEditor>['issues'], path: Path): boolean {
  return (issues.get(pathKey(path)) ?? []).length > 0;
}

/** A whole number; an empty field is "absent", or null where the schema has "none" (`emptyIsNull`). */
export function NumberField({ path, value, label, min, max, width, emptyIsNull }: { path: Path; value: number | undefined; label?: string; min?: number; max?: number; width?: number; emptyIsNull?: boolean }) {
  const { update, issues } = useEditor();
  return (
    <label className="cfg-field">
      {label && <span className="cfg-field__label">{label}</span>}
      <input
        type="number"
        className={invalidAt(issues, path) ? 'cfg-input cfg-input--bad' : 'cfg-input'}
        style={width ? { width } : undefined}
        value={value ?? ''}
        {...(min !== undefined ? { min } : {})}
        {...(max !== undefined ? { max } : {})}
        onChange={(e) => update(path, e.target.value === '' ? (emptyIsNull ? null : undefined) : Number(e.target.value))}
        data-testid={`cfg-${pathKey(path)}`}
      />
      <FieldIssues path={path} />
    </label>
  );
}

export function TextField({ path, value, label, width, placeholder }: { path: Path; value: string | undefined; label?: string; width?: number; placeholder?: string }) {
  const { update, issues } = useEditor();
  return (
    <label className="cfg-field">
      {label && <span className="cfg-field__label">{label}</span>}
      <input
        type="text"
        className={invalidAt(issues, path) ? 'cfg-input cfg-input--bad' : 'cfg-input'}
        style={width ? { width } : undefined}
        value={value ?? ''}
        {...(placeholder ? { placeholder } : {})}
        onChange={(e) => update(path, e.target.value)}
        data-testid={`cfg-${pathKey(path)}`}
      />
      <FieldIssues path={path} />
    </label>
  );
}

export function CheckField({ path, value, label }: { path: Path; value: boolean; label: string }) {
  const { update } = useEditor();
  return (
    <label className="cfg-field cfg-field--check">
      <input type="checkbox" checked={value} onChange={(e) => update(path, e.target.checked)} data-testid={`cfg-${pathKey(path)}`} />
      <span>{label}</span>
      <FieldIssues path={path} />
    </label>
  );
}

/** A trilingual text: the three languages side by side, each with its own issues. */
export function LocalizedFields({ path, value, multiline, rows = 2 }: { path: Path; value: Partial<Localized> | undefined; multiline?: boolean; rows?: number }) {
  const { t } = useTranslation();
  const { update, issues } = useEditor();
  return (
    <div className="cfg-localized">
      {LANGS.map((lang) => {
        const p = [...path, lang];
        const cls = invalidAt(issues, p) ? 'cfg-input cfg-input--bad' : 'cfg-input';
        const common = {
          className: cls,
          value: value?.[lang] ?? '',
          'aria-label': t(`hqConfig.langs.${lang}`),
          placeholder: t(`hqConfig.langs.${lang}`),
          'data-testid': `cfg-${pathKey(p)}`,
        };
        return (
          <div key={lang} className="cfg-localized__lang">
            {multiline ? (
              <textarea {...common} rows={rows} onChange={(e) => update(p, e.target.value)} />
            ) : (
              <input type="text" {...common} onChange={(e) => update(p, e.target.value)} />
            )}
            <FieldIssues path={p} />
          </div>
        );
      })}
    </div>
  );
}
