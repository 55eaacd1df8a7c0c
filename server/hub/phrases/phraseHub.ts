import { QueueError } from '../../../shared/api/errors.js';
import type { BranchConfig } from '../../../shared/config/schema.js';
import { findCounter } from '../../../shared/queue/commands.js';
import { branchCatalogue } from '../../../shared/phrases/catalogue.js';
import { hasFillIn } from '../../../shared/phrases/speech.js';
import { holidayGreetingsFor, specialPromptsOf } from '../../../shared/phrases/select.js';
import type { PhraseShownMessage, PromptsMessage, PromptsState } from '../../../shared/phrases/usage.js';
import type { SqlDb } from '../../db/sqlDb.js';
import type { StreamSide } from '../api/queueStream.js';

export type PhraseMessage = PromptsMessage | PhraseShownMessage;
type Listener = (message: PhraseMessage) => void;

/**
 * The hub's phrase state: which special prompts the duty leader switched on (stored, one SQL
 * statement per change), and the relay of "show this phrase on window n's display". Both reach
 * counters and displays as stream messages. The catalogue is read from the hub's current
 * configuration on every call, so a catalogue head office replaced applies at once; a prompt
 * the new catalogue no longer has is simply not reported.
 */
export class PhraseHub {
  private readonly listeners = new Set<Listener>();
  private changing: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly db: SqlDb,
    private readonly config: () => BranchConfig,
    private readonly now: () => Date,
    private on: Set<string>,
    private changedAt: string | null,
  ) {}

  static async open(deps: { db: SqlDb; config: () => BranchConfig; now?: () => Date }): Promise<PhraseHub> {
    const prompts = await deps.db.query<{ phrase_id: string }>('select phrase_id from phrase_prompts');
    const changed = await deps.db.query<{ at: Date | string }>('select at from phrase_prompts_changed');
    const on = new Set(prompts.rows.map((r) => r.phrase_id));
    const at = changed.rows[0]?.at;
    return new PhraseHub(deps.db, deps.config, deps.now ?? (() => new Date()), on, at === undefined ? null : new Date(at).toISOString());
  }

  /** The special prompts switched on, in the catalogue's order. */
  prompts(): PromptsState {
    const ids = specialPromptsOf(branchCatalogue(this.config())).map((p) => p.id);
    return { prompts: ids.filter((id) => this.on.has(id)), changedAt: this.changedAt };
  }

  /** Switches one special prompt on or off; unknown ids are refused and change nothing. */
  switchPrompt(prompt: string, on: boolean): Promise<PromptsState> {
    const run = this.changing.then(async () => {
      const special = specialPromptsOf(branchCatalogue(this.config()));
      if (!special.some((p) => p.id === prompt)) throw new QueueError('not_found', `"${prompt}" is not a special prompt of the branch's phrase catalogue`);
      if (this.on.has(prompt) === on) return this.prompts();
      const at = this.now().toISOString();
      // One statement: the prompt row and the change time together, or neither.
      await this.db.query(
        on
          ? `with p as (insert into phrase_prompts (phrase_id, switched_on_at) values ($1, $2) on conflict (phrase_id) do nothing)
             insert into phrase_prompts_changed (one, at) values (true, $2) on conflict (one) do update set at = excluded.at`
          : `with p as (delete from phrase_prompts where phrase_id = $1)
             insert into phrase_prompts_changed (one, at) values (true, $2) on conflict (one) do update set at = excluded.at`,
        [prompt, at],
      );
      if (on) this.on.add(prompt);
      else this.on.delete(prompt);
      this.changedAt = at;
      const state = this.prompts();
      this.emit({ type: 'phrases.prompts', ...state });
      return state;
    });
    this.changing = run.catch(() => undefined);
    return run;
  }

  /**
   * Shows a phrase of the branch's catalogue (or today's holiday greeting) on window n's
   * display. Only catalogue text reaches a customer's screen, never text from the request, and
   * never a phrase with a slot the teller fills in ("××").
   */
  show(counter: number, phraseId: string, staffId?: string): PhraseShownMessage {
    const config = this.config();
    findCounter(config, counter);
    const catalogue = branchCatalogue(config);
    const now = this.now();
    const phrase =
      catalogue.phrases.find((p) => p.id === phraseId) ?? holidayGreetingsFor(catalogue, now, config.hours.timezone).find((p) => p.id === phraseId);
    if (!phrase) throw new QueueError('not_found', `no phrase "${phraseId}" in the branch's catalogue (or not today's holiday greeting)`);
    if (hasFillIn(phrase.text)) throw new QueueError('bad_request', `"${phraseId}" has a slot the teller fills in (××); it is said, not shown`);
    const message: PhraseShownMessage = { type: 'phrases.shown', counter, phraseId, text: phrase.text, at: now.toISOString(), ...(staffId ? { staffId } : {}) };
    this.emit(message);
    return message;
  }

  /** The prompts on connect, then every change and every phrase shown (see registerQueueStream). */
  streamSide(): StreamSide {
    return { current: () => [{ type: 'phrases.prompts', ...this.prompts() }], subscribe: (send) => this.subscribe(send) };
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(message: PhraseMessage): void {
    for (const l of [...this.listeners]) {
      try {
        l(message);
      } catch {
        // one broken subscriber must not keep the others from hearing it
      }
    }
  }
}
