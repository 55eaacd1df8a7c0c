import { useEffect, useState } from 'react';
import { z } from 'zod';
import { QueueError } from '../../shared/api/errors.js';
import { HqSummary } from '../../shared/hq/summary.js';
import { hubRequest } from '../api/hub.js';
import { useLang } from '../i18n/index.js';

const TOKEN_KEY = 'guichet.hq.adminToken';

/**
 * The admin token for this tab: from the address's fragment once (#token=..., never sent to a
 * server or kept in history), then from session storage; gone when the tab closes.
 */
export function takeAdminToken(): string | null {
  const fromHash = new URLSearchParams(location.hash.slice(1)).get('token');
  if (fromHash) {
    sessionStorage.setItem(TOKEN_KEY, fromHash);
    history.replaceState(null, '', location.pathname + location.search);
  }
  return sessionStorage.getItem(TOKEN_KEY);
}

export function saveAdminToken(token: string | null): void {
  if (token) sessionStorage.setItem(TOKEN_KEY, token);
  else sessionStorage.removeItem(TOKEN_KEY);
}

export type SummaryAnswer = { kind: 'summary'; summary: HqSummary } | { kind: 'unauthorized' } | { kind: 'not-head-office' };

/** The head-office summary; a branch hub has no such API (404), which tells the page where it is. */
export async function fetchHqSummary(token: string | null): Promise<SummaryAnswer> {
  try {
    const body = await hubRequest('/api/v1/hq/summary?days=14', { headers: token ? { authorization: `Bearer ${token}` } : {}, timeoutMs: 8000 });
    const parsed = HqSummary.safeParse(body);
    if (!parsed.success) throw new QueueError('internal', 'head office sent a malformed summary');
    return { kind: 'summary', summary: parsed.data };
  } catch (err) {
    if (err instanceof QueueError && err.code === 'unauthorized') return { kind: 'unauthorized' };
    if (err instanceof QueueError && err.code === 'not_found') return { kind: 'not-head-office' };
    throw err;
  }
}

const HubStatus = z.object({ upstreamUrl: z.string().nullable().optional() });

/** On a branch hub: the address of head office's console, in the page's language. */
export function useHeadOfficeConsoleUrl(): string | null {
  const lang = useLang();
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    let alive = true;
    hubRequest('/api/v1/sync/status')
      .then((body) => {
        const upstream = HubStatus.safeParse(body);
        if (alive && upstream.success && upstream.data.upstreamUrl) setUrl(`${upstream.data.upstreamUrl}/hq?lang=${lang}`);
      })
      .catch(() => undefined);
    return () => {
      alive = false;
    };
  }, [lang]);
  return url;
}
