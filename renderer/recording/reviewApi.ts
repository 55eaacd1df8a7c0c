import type { z } from 'zod';
import { QueueError } from '../../shared/api/errors.js';
import { ReplayGrant } from '../../shared/recording/access.js';
import { ReviewComment, ReviewThread } from '../../shared/recording/review.js';
import { searchQueryString } from '../../shared/recording/search.js';
import type { RecordingSearchQuery } from '../../shared/recording/search.js';
import { RecordingSearchResponse } from '../../shared/recording/searchResult.js';
import { hubRequest } from '../api/hub.js';
import type { RequestOptions } from '../api/hub.js';
import { getPlatform } from '../platform/index.js';

const RECORDINGS = '/api/v1/recordings';

/**
 * Self-review over the hub (shared/recording/review.ts): the teller's own recordings, hearing one,
 * and the comment thread of a recording. The device and the session signed in on it go with every
 * request (api/hub.ts); the hub decides whose recordings these are.
 */
export interface ReviewApiOptions {
  fetchImpl?: typeof fetch;
  baseUrl?: string;
}

export class ReviewApi {
  constructor(private readonly o: ReviewApiOptions = {}) {}

  private async request<T extends z.ZodType>(schema: T, path: string, body?: unknown): Promise<z.infer<T>> {
    const options: RequestOptions = { method: body === undefined ? 'GET' : 'POST', timeoutMs: 8000 };
    if (body !== undefined) options.body = body;
    if (this.o.fetchImpl) options.fetchImpl = this.o.fetchImpl;
    if (this.o.baseUrl) options.baseUrl = this.o.baseUrl;
    const parsed = schema.safeParse(await hubRequest(path, options));
    if (!parsed.success) throw new QueueError('internal', 'the hub sent a malformed answer');
    return parsed.data;
  }

  mine(query: Partial<RecordingSearchQuery>) {
    const qs = searchQueryString(query);
    return this.request(RecordingSearchResponse, `${RECORDINGS}/mine${qs ? `?${qs}` : ''}`);
  }

  /** Asks for the replay (the hub logs it) and answers the audio's full URL. */
  async hear(recordingId: string): Promise<string> {
    const grant = await this.request(ReplayGrant, `${RECORDINGS}/${encodeURIComponent(recordingId)}/self-replay`, {});
    return `${this.o.baseUrl ?? (await getPlatform().hubUrl())}${grant.audioPath}`;
  }

  thread(recordingId: string) {
    return this.request(ReviewThread, `${RECORDINGS}/${encodeURIComponent(recordingId)}/comments`);
  }

  comment(recordingId: string, text: string) {
    return this.request(ReviewComment, `${RECORDINGS}/${encodeURIComponent(recordingId)}/comments`, { text });
  }
}
