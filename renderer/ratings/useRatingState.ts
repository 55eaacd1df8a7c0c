import { useCallback, useEffect, useRef, useState } from 'react';
import type { CounterRatingState, FollowUp, RatingNotice } from '../../shared/ratings/api.js';
import { subscribeQueueEvents } from '../queue/store.js';
import { fetchFollowUps, fetchRatingState, watchRatings } from './ratingsApi.js';

/** Refetch anyway this often, in case a notice was lost. */
const REFRESH_MS = 30_000;

export interface RatingStateView {
  state: CounterRatingState | null;
  /** performance.now() when `state` arrived: countdowns run from it on this machine's clock. */
  receivedAt: number;
  refresh: () => void;
}

/**
 * Window `counter`'s rating state (prompt, scale, day score), refetched when the hub says it
 * changed, when the window finishes a service, on reconnect, and every 30 s.
 */
export function useRatingState(counter: number): RatingStateView {
  const [view, setView] = useState<{ state: CounterRatingState | null; receivedAt: number }>({ state: null, receivedAt: 0 });
  const seq = useRef(0);

  const refresh = useCallback(() => {
    const mine = ++seq.current;
    fetchRatingState(counter)
      .then((state) => {
        // An older answer arriving late must not overwrite a newer one.
        if (mine === seq.current) setView({ state, receivedAt: performance.now() });
      })
      .catch(() => undefined);
  }, [counter]);

  useEffect(() => {
    refresh();
    const stopWatch = watchRatings(
      (n: RatingNotice) => {
        if (n.counter === counter) refresh();
      },
      refresh,
    );
    const stopEvents = subscribeQueueEvents((e) => {
      if (e.type === 'service.finished' && (e.counter ?? e.ticket.counter) === counter) refresh();
    });
    const timer = setInterval(refresh, REFRESH_MS);
    return () => {
      stopWatch();
      stopEvents();
      clearInterval(timer);
    };
  }, [counter, refresh]);

  return { ...view, refresh };
}

/** The lead's follow-ups, refetched when a rating opens one, on reconnect, and every 30 s. */
export function useFollowUps(): { followUps: FollowUp[] | null; failed: boolean } {
  const [followUps, setFollowUps] = useState<FollowUp[] | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let alive = true;
    const refresh = () =>
      fetchFollowUps()
        .then((list) => {
          if (!alive) return;
          setFollowUps(list);
          setFailed(false);
        })
        .catch(() => alive && setFailed(true));
    void refresh();
    const stop = watchRatings((n) => {
      if (n.followUpId !== null) void refresh();
    }, () => void refresh());
    const timer = setInterval(() => void refresh(), REFRESH_MS);
    return () => {
      alive = false;
      stop();
      clearInterval(timer);
    };
  }, []);
  return { followUps, failed };
}

/** Seconds left of a prompt, counted on this machine from when the hub's answer arrived. */
export function secondsLeftOf(view: Pick<RatingStateView, 'state' | 'receivedAt'>, nowMs: number): number {
  const prompt = view.state?.prompt;
  if (!prompt) return 0;
  return Math.max(0, Math.ceil(prompt.secondsLeft - (nowMs - view.receivedAt) / 1000));
}
