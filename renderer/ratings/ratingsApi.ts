import { QueueError } from '../../shared/api/errors.js';
import { CounterRatingState, FollowUpList, RatingAccepted, RatingNotice } from '../../shared/ratings/api.js';
import type { FollowUp, RatingAnswer } from '../../shared/ratings/api.js';
import { nextDelay } from '../../shared/sync/backoff.js';
import { hubRequest } from '../api/hub.js';
import { withSocketCredentials } from '../api/credentials.js';
import { getPlatform, toWebSocketUrl } from '../platform/index.js';

function parse<T>(schema: { safeParse(v: unknown): { success: true; data: T } | { success: false } }, value: unknown, what: string): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new QueueError('internal', `the queue server sent a malformed ${what}`);
  return parsed.data;
}

export async function fetchRatingState(counter: number): Promise<CounterRatingState> {
  return parse(CounterRatingState, await hubRequest(`/api/v1/counters/${counter}/rating`), 'rating state');
}

/** The customer's answer. Only the customer display and the rating keypad send one. */
export async function sendRating(counter: number, answer: RatingAnswer): Promise<RatingAccepted> {
  return parse(RatingAccepted, await hubRequest(`/api/v1/counters/${counter}/rating`, { method: 'POST', body: answer, timeoutMs: 5000 }), 'rating');
}

export async function fetchFollowUps(): Promise<FollowUp[]> {
  return parse(FollowUpList, await hubRequest('/api/v1/follow-ups'), 'follow-up list').followUps;
}

// Notices missed while the link is down are made good by the refetch on reopen, so this link may
// wait longer than the queue board's.
const RATINGS_BACKOFF = { baseMs: 500, maxMs: 15_000 };

/**
 * Calls `onNotice` for every rating notice of the hub, and `onOpen` whenever the link (re)opens
 * (screens refetch then, since notices sent while it was down are lost). Reconnects with a
 * growing delay; returns the stop.
 */
export function watchRatings(onNotice: (n: RatingNotice) => void, onOpen: () => void): () => void {
  let socket: WebSocket | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let attempt = 0;
  let stopped = false;

  const retry = () => {
    if (stopped) return;
    const wait = nextDelay(attempt++, RATINGS_BACKOFF);
    timer = setTimeout(() => void open(), wait);
  };
  const open = async () => {
    let url: string;
    try {
      // Browsers cannot set a socket's headers: the device token (and session) ride as query parameters.
      url = withSocketCredentials(toWebSocketUrl(await getPlatform().hubUrl(), '/api/v1/ratings/stream'));
    } catch {
      retry();
      return;
    }
    if (stopped) return;
    const s = new WebSocket(url);
    socket = s;
    s.addEventListener('open', () => {
      attempt = 0;
      onOpen();
    });
    s.addEventListener('message', (e) => {
      try {
        const notice = RatingNotice.safeParse(JSON.parse(String(e.data)));
        if (notice.success) onNotice(notice.data);
      } catch {
        // not a notice
      }
    });
    s.addEventListener('close', () => {
      if (socket === s) socket = null;
      retry();
    });
    s.addEventListener('error', () => s.close());
  };
  void open();
  return () => {
    stopped = true;
    if (timer) clearTimeout(timer);
    socket?.close();
  };
}
