import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { IsoDate } from '../../../shared/config/schema.js';
import { ShowPhraseRequest, SwitchPromptRequest } from '../../../shared/phrases/usage.js';
import type { SqlDb } from '../../db/sqlDb.js';
import { bodyOf } from '../../http/body.js';
import type { QueueHub } from '../queue/queueHub.js';
import type { PhraseHub } from './phraseHub.js';
import { branchPhraseRates } from './phraseRates.js';

const RatesQuery = z.object({ day: IsoDate.optional() });

/**
 * Standard phrases on the LAN API:
 * - GET  /api/v1/prompts              the special prompts switched on
 * - POST /api/v1/prompts              {prompt, on}: the lead switches one on or off
 * - POST /api/v1/phrases/show         {counter, phraseId}: window n's display shows the phrase
 * - GET  /api/v1/phrases/rates?day=   greeting and farewell rates per teller (default: today)
 */
export function registerPhraseRoutes(app: FastifyInstance, deps: { db: SqlDb; hub: QueueHub; phrases: PhraseHub }): void {
  const { db, hub, phrases } = deps;
  app.get('/api/v1/prompts', async () => phrases.prompts());

  app.post('/api/v1/prompts', async (req) => {
    const { prompt, on } = SwitchPromptRequest.parse(bodyOf(req));
    return phrases.switchPrompt(prompt, on);
  });

  app.post('/api/v1/phrases/show', async (req) => {
    const { counter, phraseId } = ShowPhraseRequest.parse(bodyOf(req));
    // The gate checked `counter` is this counter's window and its teller is signed in there.
    return phrases.show(counter, phraseId, req.actor?.session?.staffId);
  });

  app.get('/api/v1/phrases/rates', async (req) => {
    const day = RatesQuery.parse(req.query ?? {}).day ?? hub.snapshot().businessDay;
    return { day, tellers: await branchPhraseRates(db, hub.branchConfig, day) };
  });
}
