import { z } from 'zod';
import { Localized } from '../i18n/localized.js';

/**
 * The 22 situations of the counter phrase standard (seed 003, section (4) 窗口语言规范), in the
 * seed's own order. Every one has at least one phrase in each counter catalogue (bank,
 * government hall, housing fund, telecom hall).
 */
export const COUNTER_SITUATIONS = [
  /** (1) answering the window's phone */
  'phone_answer',
  /** (2) calling a customer */
  'phone_outgoing',
  /** (3) receiving a customer: greeting, asking the business */
  'greeting',
  /** (4) asking the customer to wait a moment */
  'please_wait',
  /** (5) asking for documents */
  'documents_request',
  /** (6) documents incomplete */
  'documents_incomplete',
  /** (7) another department's (or person's) signature is needed */
  'signature_required',
  /** (8) the business is finished */
  'finished',
  /** (9) the money asked about has not arrived yet */
  'funds_not_arrived',
  /** (10) refusing to look up someone else's data */
  'others_data_refused',
  /** (11) inviting questions */
  'consultation',
  /** (12) leading the customer somewhere */
  'guide_customer',
  /** (13) the request is against policy */
  'policy_refusal',
  /** (14) something must be corrected first */
  'correction_needed',
  /** (15) referral to another window */
  'referral',
  /** (16) taking a phone call during service */
  'phone_during_service',
  /** (17) system or device failure */
  'system_failure',
  /** (18) the person concerned must come in person */
  'in_person_required',
  /** (19) receiving a complaint or a suggestion */
  'complaint_received',
  /** (20) answering a customer's thanks or apology */
  'thanks',
  /** (21) farewell */
  'farewell',
  /** (22) a question about a receipt or voucher */
  'voucher_question',
] as const;

/** Situations beyond seed 003's list: the busy line after it, seed 004's toll booth, and the ones selection adds. */
export const OTHER_SITUATIONS = [
  /** business is busy: acknowledging a customer who has to wait (seed 003 (4) end, (5) 2 (6)) */
  'busy',
  /** apologising for a long wait */
  'sorry_for_wait',
  /** offering help (seed 004) */
  'offer_help',
  /** 对不起/打扰一下 (seed 004) */
  'excuse_me',
  /** the clerk thanks the customer (seed 004) */
  'thank_customer',
  /** handing over the pass card or toll receipt (seed 004) */
  'pass_card',
  /** asking for and announcing the toll, giving change (seed 004) */
  'toll_payment',
  /** a banknote is not accepted (seed 004) */
  'counterfeit_note',
  /** several drivers crowd at the booth (seed 004) */
  'crowding',
  /** the booth must find out about a route (seed 004) */
  'route_enquiry',
  /** a driver needs tools, hot water or other help (seed 004) */
  'roadside_assistance',
  /** people unrelated to the toll stand near the booth (seed 004) */
  'bystanders',
  /** bad weather: rain, fog, ice, snow (seed 004 special prompts) */
  'weather',
  /** landslide, road works or an accident ahead (seed 004 special prompts) */
  'road_incident',
  /** the road is closed (seed 004 special prompts) */
  'road_closed',
  /** the toll station's monitoring room (监控室) answering or making a phone call (seed 004 part 4 六) */
  'monitoring_room_phone',
  /** the driver has not fastened the seat belt (seed 004 special prompts) */
  'seat_belt',
  /** a holiday greeting turned into a phrase by selection */
  'holiday_greeting',
] as const;

export const Situation = z.enum([...COUNTER_SITUATIONS, ...OTHER_SITUATIONS]);
export type Situation = z.infer<typeof Situation>;

/**
 * When the counter screen offers a phrase without being asked: a customer (or vehicle) arrives
 * at the window, service is under way, service ends, the customer waited longer than the
 * service's target, the day is a holiday, or the duty leader switched on a special prompt.
 */
export const Moment = z.enum(['ticket_called', 'serving', 'service_finished', 'wait_over_target', 'holiday', 'special']);
export type Moment = z.infer<typeof Moment>;

/** Local time of day for greetings such as 早上好/下午好/晚上好 (see `dayPartAt` in select.ts). */
export const DayPart = z.enum(['morning', 'afternoon', 'evening']);
export type DayPart = z.infer<typeof DayPart>;

/** Hotkeys are the digits 1-9 of the counter keyboard. */
export const HotKey = z.number().int().min(1).max(9);
export type HotKey = z.infer<typeof HotKey>;

/** Lower-case words joined by dots: "bank.greeting", "toll.weather.fog". */
export const PhraseId = z.string().regex(/^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*$/, 'a phrase id is lower-case words joined by dots');

export const Phrase = z
  .object({
    id: PhraseId,
    situation: Situation,
    text: Localized,
    /** Moments at which the phrase is offered by itself; without one it is found by situation. */
    moments: z.array(Moment).optional(),
    /** Fixed hotkey within each of its moments. */
    key: HotKey.optional(),
    /** Offered only in this part of the local day. */
    dayPart: DayPart.optional(),
  })
  .refine((p) => new Set(p.moments ?? []).size === (p.moments ?? []).length, { message: 'a moment is listed twice', path: ['moments'] })
  .refine((p) => p.key === undefined || (p.moments ?? []).length > 0, { message: 'a hotkey needs a moment', path: ['key'] });
export type Phrase = z.infer<typeof Phrase>;

/** What not to say (服务忌语), with what to say instead. */
export const ForbiddenPhrase = z.object({
  id: PhraseId,
  text: Localized,
  instead: Localized,
});
export type ForbiddenPhrase = z.infer<typeof ForbiddenPhrase>;

/** The occasions of the local day that have a greeting (see holidays.ts for how a day gets one). */
export const OCCASIONS = ['spring_festival', 'new_year', 'mid_autumn', 'national_day', 'labour_day', 'weekend'] as const;
export const Occasion = z.enum(OCCASIONS);
export type Occasion = z.infer<typeof Occasion>;

export const HolidayGreeting = z.object({
  id: PhraseId,
  occasion: Occasion,
  text: Localized,
});
export type HolidayGreeting = z.infer<typeof HolidayGreeting>;

/**
 * One kind of branch's phrase set (bank, government hall, housing fund, telecom hall, toll
 * station), versioned so head office can replace it through sync: a higher version of the same id
 * supersedes the lower.
 */
export const PhraseCatalogue = z
  .object({
    id: PhraseId,
    version: z.number().int().min(1),
    name: Localized,
    phrases: z.array(Phrase).min(1),
    holidayGreetings: z.array(HolidayGreeting).default([]),
    forbidden: z.array(ForbiddenPhrase).default([]),
  })
  .superRefine((catalogue, ctx) => {
    // Selection mixes phrases and holiday greetings, so ids are unique across all three lists.
    const seen = new Set<string>();
    const lists = [
      ['phrases', catalogue.phrases],
      ['holidayGreetings', catalogue.holidayGreetings],
      ['forbidden', catalogue.forbidden],
    ] as const;
    for (const [list, items] of lists) {
      items.forEach((item, i) => {
        if (seen.has(item.id)) ctx.addIssue({ code: 'custom', message: `duplicate id "${item.id}"`, path: [list, i, 'id'] });
        seen.add(item.id);
      });
    }
    // A hotkey is unique within each moment, except between phrases of different parts of the
    // day, which are never offered together (早上好 and 晚上好 may both be key 1).
    const holders = new Map<string, Phrase[]>();
    for (const phrase of catalogue.phrases) {
      if (phrase.key === undefined) continue;
      for (const moment of phrase.moments ?? []) {
        const slot = `${moment}:${phrase.key}`;
        const others = holders.get(slot) ?? [];
        const clash = others.find((o) => o.dayPart === undefined || phrase.dayPart === undefined || o.dayPart === phrase.dayPart);
        if (clash) {
          ctx.addIssue({
            code: 'custom',
            message: `hotkey ${phrase.key} of moment "${moment}" is taken by "${clash.id}"`,
            path: ['phrases', catalogue.phrases.indexOf(phrase), 'key'],
          });
        }
        holders.set(slot, [...others, phrase]);
      }
    }
  });
/** A catalogue as stored and synced (holidayGreetings and forbidden may be left out). */
export type PhraseCatalogueInput = z.input<typeof PhraseCatalogue>;
export type PhraseCatalogue = z.infer<typeof PhraseCatalogue>;
