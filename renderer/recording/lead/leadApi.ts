import type { z } from 'zod';
import { ApiErrorBody, QueueError } from '../../../shared/api/errors.js';
import { ListenLogResponse, ReplayGrant, SignInResponse } from '../../../shared/recording/access.js';
import type { ListenLogRow } from '../../../shared/recording/access.js';
import { searchQueryString } from '../../../shared/recording/search.js';
import type { RecordingSearchQuery } from '../../../shared/recording/search.js';
import { RecordingHubStatus, RecordingSearchResponse } from '../../../shared/recording/searchResult.js';
import { getPlatform } from '../../platform/index.js';

/** The hub's recording API (docs/recording-api.md) as the lead's page calls it. */
export interface LeadApiOptions {
  baseUrl?: () => Promise<string>;
  fetchImpl?: typeof fetch;
}

export const RECORDINGS_API = '/api/v1/recordings';

export class LeadRecordingsApi {
  constructor(private readonly o: LeadApiOptions = {}) {}

  hubUrl(): Promise<string> {
    return this.o.baseUrl ? this.o.baseUrl() : getPlatform().hubUrl();
  }

  private async request<T extends z.ZodType>(schema: T, path: string, init: { method?: string; token?: string; body?: unknown } = {}): Promise<z.infer<T>> {
    const base = await this.hubUrl();
    const headers: Record<string, string> = { accept: 'application/json' };
    if (init.token) headers.authorization = `Bearer ${init.token}`;
    if (init.body !== undefined) headers['content-type'] = 'application/json';
    let res: Response;
    try {
      res = await (this.o.fetchImpl ?? fetch)(`${base}${path}`, {
        method: init.method ?? 'GET',
        headers,
        cache: 'no-store',
        ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
      });
    } catch (err) {
      throw new QueueError('hub_unreachable', `the hub did not answer (${String((err as Error)?.message ?? err)})`);
    }
    const text = await res.text();
    let json: unknown = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      throw new QueueError('internal', `unreadable answer (HTTP ${res.status})`);
    }
    if (!res.ok) {
      const body = ApiErrorBody.safeParse(json);
      throw body.success ? new QueueError(body.data.error.code, body.data.error.message) : new QueueError('internal', `HTTP ${res.status}`);
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) throw new QueueError('internal', 'the hub sent a malformed answer');
    return parsed.data;
  }

  signIn(staffId: string, pin: string) {
    return this.request(SignInResponse, `${RECORDINGS_API}/sign-in`, { method: 'POST', body: { staffId, pin } });
  }

  search(token: string, query: Partial<RecordingSearchQuery>) {
    const qs = searchQueryString(query);
    return this.request(RecordingSearchResponse, `${RECORDINGS_API}${qs ? `?${qs}` : ''}`, { token });
  }

  replay(token: string, recordingId: string) {
    return this.request(ReplayGrant, `${RECORDINGS_API}/${encodeURIComponent(recordingId)}/replay`, { method: 'POST', token });
  }

  status(token: string) {
    return this.request(RecordingHubStatus, `${RECORDINGS_API}/status`, { token });
  }

  async listens(token: string): Promise<ListenLogRow[]> {
    return (await this.request(ListenLogResponse, `${RECORDINGS_API}/listens`, { token })).listens;
  }
}
