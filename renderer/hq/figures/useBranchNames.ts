import { useEffect, useState } from 'react';
import type { Localized } from '../../../shared/i18n/localized.js';
import { fetchBranches } from '../evaluation/evaluationApi.js';

/**
 * Branch names from head office's configuration list, by id: the console shows names, not ids.
 * Without the list (no token, or it failed) the id stays, which is still correct, only less kind.
 */
export function useBranchNames(token: string | null): Map<string, Localized> {
  const [names, setNames] = useState<Map<string, Localized>>(() => new Map());
  useEffect(() => {
    if (!token) return;
    let alive = true;
    fetchBranches(token)
      .then((list) => {
        if (!alive) return;
        const m = new Map<string, Localized>();
        for (const b of list) if (b.name) m.set(b.branchId, localizedName(b.branchId, b.name));
        setNames(m);
      })
      .catch(() => undefined);
    return () => {
      alive = false;
    };
  }, [token]);
  return names;
}

/** The configuration list's name (a loose record of languages) as a full Localized, falling back to zh-CN, then the id. */
export function localizedName(id: string, name: Record<string, string>): Localized {
  return { 'zh-CN': name['zh-CN'] ?? id, 'zh-TW': name['zh-TW'] ?? name['zh-CN'] ?? id, en: name.en ?? id };
}
