// Which standard phrases the counter screen offers at a given moment, and on which hotkeys.
// Pure: the same catalogue, moment and context always give the same list.
import { zoned } from '../queue/rules/zoned.js';
import { occasionsOn } from './holidays.js';
import type { DayPart, HotKey, Moment, Phrase, PhraseCatalogue } from './schema.js';

export interface MomentContext {
  /** Now. */
  date: Date;
  /** The branch's time zone (IANA, e.g. "Asia/Shanghai"): the day and the hour are read there. */
  timezone: string;
  /** How long the customer now at the window waited since taking the ticket. */
  waitedSeconds?: number;
  /** The service's target wait; waiting longer than this adds the apology for the wait. */
  targetWaitSeconds?: number;
  /** Ids of the special prompts the duty leader switched on (unknown ids are ignored). */
  specialPrompts?: readonly string[];
}

/** 05:00-11:59 morning, 12:00-17:59 afternoon, 18:00-04:59 evening, local to the branch. */
export function dayPartAt(date: Date, timezone: string): DayPart {
  const hour = zoned(date, timezone).getHours();
  if (hour >= 5 && hour < 12) return 'morning';
  if (hour >= 12 && hour < 18) return 'afternoon';
  return 'evening';
}

/**
 * The catalogue's greetings for the day: those of the first occasion of the day (in the
 * precedence order of `occasionsOn`) that the catalogue has a greeting for.
 */
export function holidayGreetingsFor(catalogue: PhraseCatalogue, date: Date, timezone: string): Phrase[] {
  for (const occasion of occasionsOn(date, timezone)) {
    const greetings = catalogue.holidayGreetings.filter((g) => g.occasion === occasion);
    if (greetings.length > 0) {
      return greetings.map((g) => ({ id: g.id, situation: 'holiday_greeting', text: g.text, moments: ['holiday'] }));
    }
  }
  return [];
}

/** Every special prompt the duty leader may switch on, in catalogue order. */
export function specialPromptsOf(catalogue: PhraseCatalogue): Phrase[] {
  return catalogue.phrases.filter((p) => (p.moments ?? []).includes('special'));
}

/**
 * The phrases to offer at `moment`, in the order to show them:
 *
 * - ticket_called: the holiday greeting of the day, the catalogue's greetings, the apology for
 *   the wait when the customer waited longer than the target, the special prompts switched on;
 * - service_finished: the catalogue's closing phrases, then the special prompts switched on
 *   (road and weather warnings are parting words at a toll booth);
 * - holiday: the holiday greeting of the day; special: the special prompts switched on;
 * - any other moment (serving, wait_over_target): the catalogue's phrases for it.
 *
 * The catalogue's phrases for a moment come in the order of their hotkeys, those without one
 * after them in catalogue order. Phrases with a part of the day (早上好/下午好/晚上好) are offered only in that part.
 *
 * Hotkeys 1-9: a catalogue phrase of this moment keeps its own key, whatever else is offered
 * that day, so the keys tellers learn never move; the other phrases take the lowest free keys
 * in list order; past nine, phrases have no key. Returned phrases are copies carrying the key
 * they have here (no `key` when none).
 */
export function phrasesForMoment(catalogue: PhraseCatalogue, moment: Moment, ctx: MomentContext): Phrase[] {
  const part = dayPartAt(ctx.date, ctx.timezone);
  // A moment's catalogue phrases in hotkey order, those without a key after them in catalogue order.
  const at = (m: Moment): Phrase[] =>
    catalogue.phrases
      .filter((p) => (p.moments ?? []).includes(m) && (p.dayPart === undefined || p.dayPart === part))
      .sort((a, b) => (a.key ?? 10) - (b.key ?? 10));
  const enabled = new Set(ctx.specialPrompts ?? []);
  const special = (): Phrase[] => at('special').filter((p) => enabled.has(p.id));
  const holiday = (): Phrase[] => holidayGreetingsFor(catalogue, ctx.date, ctx.timezone);
  const overdue =
    ctx.waitedSeconds !== undefined && ctx.targetWaitSeconds !== undefined && ctx.waitedSeconds > ctx.targetWaitSeconds;

  let list: Phrase[];
  switch (moment) {
    case 'ticket_called':
      list = [...holiday(), ...at('ticket_called'), ...(overdue ? at('wait_over_target') : []), ...special()];
      break;
    case 'service_finished':
      list = [...at('service_finished'), ...special()];
      break;
    case 'holiday':
      list = [...holiday(), ...at('holiday')];
      break;
    case 'special':
      list = special();
      break;
    default:
      list = at(moment);
  }
  return assignKeys(unique(list), moment);
}

function unique(list: Phrase[]): Phrase[] {
  const seen = new Set<string>();
  return list.filter((p) => (seen.has(p.id) ? false : (seen.add(p.id), true)));
}

function assignKeys(list: Phrase[], moment: Moment): Phrase[] {
  const own = (p: Phrase): boolean => p.key !== undefined && (p.moments ?? []).includes(moment);
  const taken = new Set<number>(list.filter(own).map((p) => p.key as number));
  const free = [1, 2, 3, 4, 5, 6, 7, 8, 9].filter((k) => !taken.has(k));
  return list.map((p) => {
    if (own(p)) return { ...p };
    const { key: _previous, ...rest } = p;
    const key = free.shift() as HotKey | undefined;
    return key === undefined ? rest : { ...rest, key };
  });
}
