import type { z } from 'zod';
import { QueueError } from '../../../shared/api/errors.js';
import { ListenLogResponse, ReplayGrant } from '../../../shared/recording/access.js';
import type { ListenLogRow } from '../../../shared/recording/access.js';
import { searchQueryString } from '../../../shared/recording/search.js';
import type { RecordingSearchQuery } from '../../../shared/recording/search.js';
import { RecordingHubStatus, RecordingSearchResponse } from '../../../shared/recording/searchResult.js';
import { hubRequest } from '../../api/hub.js';
import type { RequestOptions } from '../../api/hub.js';
import { getPlatform } from '../../platform/index.js';

/**
 * The hub's recording API (docs/recording-api.md) as the lead's page calls it. Who asks is the
 * lead station's device and the session signed in there (the lead station's one sign-in,
 * POST /api/v1/session/sign-in), sent with every request by api/hub.ts; the hub checks the
 * session's role may 'listen'.
 */
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

  private async request<T extends z.ZodType>(schema: T, path: string, init: { method?: 'GET' | 'POST'; body?: unknown } = {}): Promise<z.infer<T>> {
    const options: RequestOptions = { method: init.method ?? 'GET', timeoutMs: 8000 };
    if (init.body !== undefined) options.body = init.body;
    if (this.o.baseUrl) options.baseUrl = await this.o.baseUrl();
    if (this.o.fetchImpl) options.fetchImpl = this.o.fetchImpl;
    const json = await hubRequest(path, options);
    const parsed = schema.safeParse(json);
    if (!parsed.success) throw new QueueError('internal', 'the hub sent a malformed answer');
    return parsed.data;
  }

  search(query: Partial<RecordingSearchQuery>) {
    const qs = searchQueryString(query);
    return this.request(RecordingSearchResponse, `${RECORDINGS_API}${qs ? `?${qs}` : ''}`);
  }

  replay(recordingId: string) {
    return this.request(ReplayGrant, `${RECORDINGS_API}/${encodeURIComponent(recordingId)}/replay`, { method: 'POST', body: {} });
  }

  status() {
    return this.request(RecordingHubStatus, `${RECORDINGS_API}/status`);
  }

  async listens(): Promise<ListenLogRow[]> {
    return (await this.request(ListenLogResponse, `${RECORDINGS_API}/listens`)).listens;
  }
}
