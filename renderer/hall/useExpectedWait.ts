import { useEffect, useState } from 'react';
import { ExpectedWait, FIGURES_API } from '../../shared/figures/api.js';
import { hubRequest } from '../api/hub.js';

const POLL_MS = 30_000;

/**
 * The hub's forecast per service (GET /api/v1/figures/expected-wait), asked every 30 s: service
 * code → seconds, or null where the forecast has no number. Empty while the hub gives none (an
 * older hub, a failed ask): the hall then shows no forecast rather than an old or made-up one.
 */
export function useExpectedWait(): ReadonlyMap<string, number | null> {
  const [byService, setByService] = useState<ReadonlyMap<string, number | null>>(new Map());
  useEffect(() => {
    let alive = true;
    const load = async () => {
      try {
        const answer = ExpectedWait.parse(await hubRequest(FIGURES_API.expectedWait));
        if (alive) setByService(new Map(answer.services.map((s) => [s.service, s.expectedWaitSeconds])));
      } catch {
        if (alive) setByService(new Map());
      }
    };
    void load();
    const id = setInterval(() => void load(), POLL_MS);
    return () => {
      alive = false;
      clearInterval(id);
    };
  }, []);
  return byService;
}
