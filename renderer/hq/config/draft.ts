import type { TFunction } from 'i18next';
import type { ConfigIssue } from '../../../shared/config/validation.js';
import { pathKey } from '../../../shared/config/validation.js';
import { LANGS } from '../../../shared/i18n/localized.js';
import type { Lang } from '../../../shared/i18n/localized.js';

export type Path = ReadonlyArray<string | number>;

/** A copy of `root` with the value at `path` replaced (parents made as needed): drafts are never mutated in place. */
export function setAt<T>(root: T, path: Path, value: unknown): T {
  if (path.length === 0) return value as T;
  const [head, ...rest] = path;
  const base = (Array.isArray(root) ? [...(root as unknown[])] : { ...(root as object) }) as Record<string | number, unknown>;
  const child = base[head!];
  const next = rest.length === 0 ? value : setAt(child ?? (typeof rest[0] === 'number' ? [] : {}), rest, value);
  if (next === undefined && !Array.isArray(base)) delete base[head!];
  else base[head!] = next;
  return base as T;
}

/** Issues by the field they name. */
export function issuesByPath(issues: readonly ConfigIssue[]): Map<string, ConfigIssue[]> {
  const m = new Map<string, ConfigIssue[]>();
  for (const i of issues) {
    const k = pathKey(i.path);
    m.set(k, [...(m.get(k) ?? []), i]);
  }
  return m;
}

/** One issue in the screen's language (hqConfig.issues.*). */
export function issueText(t: TFunction, issue: ConfigIssue): string {
  const d = issue.detail ?? {};
  const lang = typeof d.lang === 'string' && (LANGS as readonly string[]).includes(d.lang) ? t(`hqConfig.langs.${d.lang as Lang}`) : '';
  const range =
    d.min !== undefined && d.max !== undefined
      ? t('hqConfig.range.both', { min: d.min, max: d.max })
      : d.min !== undefined
        ? t('hqConfig.range.min', { min: d.min })
        : d.max !== undefined
          ? t('hqConfig.range.max', { max: d.max })
          : '';
  return t(`hqConfig.issues.${issue.code}`, {
    value: d.value ?? '',
    max: d.max ?? '',
    message: d.message ?? '',
    other: typeof d.other === 'number' ? d.other + 1 : '',
    lang,
    range,
  });
}
