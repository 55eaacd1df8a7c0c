// A phrase used at the counter is a fact of its own (counter.event "phrase.used"), synced like
// every other counter event, so head office and the lead can see which phrases are said.
import { z } from 'zod';
import { Localized } from '../i18n/localized.js';
import { CounterNumber } from '../config/primitives.js';
import { Moment, PhraseId } from './schema.js';

/** The counter.event type of a used phrase. */
export const PHRASE_USED = 'phrase.used';

/**
 * How the phrase reached the customer:
 * - spoken: played through the counter's speaker (and shown on the counter display meanwhile);
 * - shown: shown on the counter display only, silently;
 * - said: the teller said it in their own voice; the screen only notes it.
 */
export const PhraseDelivery = z.enum(['spoken', 'shown', 'said']);
export type PhraseDelivery = z.infer<typeof PhraseDelivery>;

export const PhraseUsedPayload = z.object({
  phraseId: PhraseId,
  /**
   * The phrase's situation. A plain string, not the Situation enum: a newer catalogue may bring
   * situations this version does not know, and its events must still be readable here.
   */
  situation: z.string().min(1).max(64),
  how: PhraseDelivery,
  /** The ticket of the customer at (or just leaving) the window; null when there was none. */
  ticketId: z.string().min(1).max(64).nullable(),
  /** The teller's staff id (the window's teller in the branch configuration). */
  teller: z.string().min(1).max(64).nullable(),
  /** The moment the counter was in when the phrase was used (null: picked from the full list while idle). */
  moment: Moment.nullable(),
  /** Which catalogue version the phrase came from (head office replaces catalogues). */
  catalogue: z.object({ id: PhraseId, version: z.number().int().min(1) }),
});
export type PhraseUsedPayload = z.infer<typeof PhraseUsedPayload>;

/** POST /api/v1/prompts: switch one special prompt on or off. */
export const SwitchPromptRequest = z.object({ prompt: PhraseId, on: z.boolean() }).strict();
export type SwitchPromptRequest = z.infer<typeof SwitchPromptRequest>;

/** GET/POST /api/v1/prompts: the special prompts switched on, in catalogue order. */
export const PromptsState = z.object({
  prompts: z.array(PhraseId),
  /** When the state last changed (null: never since the hub's database was made). */
  changedAt: z.iso.datetime().nullable(),
});
export type PromptsState = z.infer<typeof PromptsState>;

/** POST /api/v1/phrases/show: show a phrase of the branch's catalogue on window n's display. */
export const ShowPhraseRequest = z.object({ counter: CounterNumber, phraseId: PhraseId }).strict();
export type ShowPhraseRequest = z.infer<typeof ShowPhraseRequest>;

/** Live stream: the special prompts switched on (sent on connect and on every change). */
export const PromptsMessage = z.object({ type: z.literal('phrases.prompts') }).extend(PromptsState.shape);
export type PromptsMessage = z.infer<typeof PromptsMessage>;

/** Live stream: window `counter`'s display shows this phrase for a few seconds. */
export const PhraseShownMessage = z.object({
  type: z.literal('phrases.shown'),
  counter: CounterNumber,
  phraseId: PhraseId,
  text: Localized,
  at: z.iso.datetime(),
  /** The teller signed in at the window who showed it (their session). */
  staffId: z.string().optional(),
});
export type PhraseShownMessage = z.infer<typeof PhraseShownMessage>;
