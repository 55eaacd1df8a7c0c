import { z } from 'zod';
import { QueueError } from '../../../shared/api/errors.js';
import { FiguresAnswer, GrantStarsAnswer, HQ_FIGURES_API, RankingsAnswer, ReportList } from '../../../shared/hq/api.js';
import type { ReportEntry, ReportFormat } from '../../../shared/hq/api.js';
import type { Lang } from '../../../shared/i18n/localized.js';
import { hubRequest } from '../../api/hub.js';
import { getPlatform } from '../../platform/index.js';

/** Head office's figures, rankings and monthly reports (docs/hq-figures.md), under the admin token. */

/** POST reports/{month}/generate: how many files were made. */
const GenerateAnswer = z.object({ month: z.string(), generated: z.number().int().min(0) });

const auth = (token: string) => ({ authorization: `Bearer ${token}` });

function parsed<T>(schema: { safeParse(v: unknown): { success: true; data: T } | { success: false } }, body: unknown, what: string): T {
  const r = schema.safeParse(body);
  if (!r.success) throw new QueueError('internal', `head office sent malformed ${what}`);
  return r.data;
}

/** Where the figures screen stands: a day or a month, and how far it has drilled down. */
export interface FiguresScope {
  period: { kind: 'day' | 'month'; value: string };
  region?: string;
  branch?: string;
  counter?: number;
}

export function figuresQuery(s: FiguresScope): string {
  const q = new URLSearchParams({ [s.period.kind]: s.period.value });
  if (s.region !== undefined) q.set('region', s.region);
  if (s.branch !== undefined) q.set('branch', s.branch);
  if (s.counter !== undefined) q.set('counter', String(s.counter));
  return q.toString();
}

/** `query` as figuresQuery makes it. */
export async function fetchFigures(token: string, query: string): Promise<FiguresAnswer> {
  return parsed(FiguresAnswer, await hubRequest(`${HQ_FIGURES_API.figures}?${query}`, { headers: auth(token), timeoutMs: 20_000 }), 'figures');
}

export async function fetchRankings(token: string, month: string, of: 'branches' | 'tellers'): Promise<RankingsAnswer> {
  const q = new URLSearchParams({ month, of });
  return parsed(RankingsAnswer, await hubRequest(`${HQ_FIGURES_API.rankings}?${q}`, { headers: auth(token), timeoutMs: 20_000 }), 'rankings');
}

/** Grants the month's computed stars in every branch's configuration (a new version where they change). */
export async function grantStars(token: string, month: string): Promise<GrantStarsAnswer> {
  const body = await hubRequest(`${HQ_FIGURES_API.rankings}/${month}/grant-stars`, { method: 'POST', headers: auth(token), body: {}, timeoutMs: 120_000 });
  return parsed(GrantStarsAnswer, body, 'grant answer');
}

export async function fetchReports(token: string, month: string): Promise<ReportEntry[]> {
  return parsed(ReportList, await hubRequest(`${HQ_FIGURES_API.reports}?${new URLSearchParams({ month })}`, { headers: auth(token) }), 'report list').reports;
}

export async function generateReports(token: string, month: string, langs: Lang[]): Promise<number> {
  // Every branch's PDF and XLSX are made in this one call: a network of many branches takes a while.
  const body = await hubRequest(`${HQ_FIGURES_API.reports}/${month}/generate`, { method: 'POST', headers: auth(token), body: { langs }, timeoutMs: 300_000 });
  return parsed(GenerateAnswer, body, 'generate answer').generated;
}

export function reportPath(month: string, scope: string, format: ReportFormat, lang: Lang): string {
  return `${HQ_FIGURES_API.reports}/${month}/${encodeURIComponent(scope)}/${format}?${new URLSearchParams({ lang })}`;
}

/**
 * A report's bytes: a link cannot carry the admin token, so the file is fetched with it and
 * handed to the browser as a download.
 */
export async function fetchReport(token: string, month: string, scope: string, format: ReportFormat, lang: Lang): Promise<Blob> {
  const base = await getPlatform().hubUrl();
  let res: Response;
  try {
    res = await fetch(base + reportPath(month, scope, format, lang), { headers: auth(token), cache: 'no-store' });
  } catch (err) {
    throw new QueueError('hub_unreachable', String((err as Error)?.message ?? err));
  }
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as { error?: { code?: string; message?: string } } | null;
    const code = body?.error?.code;
    throw new QueueError(code === 'not_found' || code === 'unauthorized' || code === 'bad_request' ? code : 'internal', body?.error?.message ?? `HTTP ${res.status}`);
  }
  return res.blob();
}
