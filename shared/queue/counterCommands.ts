import { z } from 'zod';
import { CounterNumber, ServiceCode } from '../config/primitives.js';
import { EmptyRequest } from '../api/queueApi.js';
import { Outcome } from './ticket.js';

/** One teller command: where it is posted and what its body may hold. */
export interface CounterCommandSpec {
  /** The last segment of POST /api/v1/counters/{n}/{route}: public LAN API (docs/api.md), never renamed. */
  readonly route: string;
  /** Strict, so a misspelt field is a 400 rather than silently ignored. */
  readonly body: z.ZodType<object>;
}

/**
 * The teller's commands at window N: the only list of them. The hub's routes, the command
 * decide() receives, the renderer's client and the API docs (checked by a test) all come from it.
 */
export const counterCommands = {
  'call-next': { route: 'call-next', body: EmptyRequest },
  recall: { route: 'recall', body: EmptyRequest },
  'no-show': { route: 'no-show', body: EmptyRequest },
  call: { route: 'call', body: z.object({ ticketId: z.string().min(1), reason: z.string().trim().min(2).max(200) }).strict() },
  hold: { route: 'hold', body: EmptyRequest },
  'call-held': { route: 'call-held', body: z.object({ ticketId: z.string().min(1) }).strict() },
  transfer: {
    route: 'transfer',
    body: z
      .object({ toService: ServiceCode.optional(), toCounter: CounterNumber.optional() })
      .strict()
      .refine((b) => (b.toService === undefined) !== (b.toCounter === undefined), 'transfer to a service or to a window, not both'),
  },
  start: { route: 'start', body: EmptyRequest },
  // The URL predates the command's name; third-party keypads post to it.
  'add-item': { route: 'items', body: z.object({ service: ServiceCode }).strict() },
  finish: { route: 'finish', body: z.object({ outcome: Outcome.default('completed') }).strict() },
} as const satisfies Record<string, CounterCommandSpec>;

type Commands = typeof counterCommands;
export type CounterCommandKind = keyof Commands;

/** A body's named fields: a strict empty body is Record<string, never>, which no `kind` fits. */
type Fields<T> = { [P in keyof T as string extends P ? never : P]: T[P] };

/** A teller's command at window N, as the hub receives it (its body parsed, defaults filled). */
export type CounterCommand = {
  [K in CounterCommandKind]: { kind: K } & Fields<z.output<Commands[K]['body']>>;
}[CounterCommandKind];

/** A command's URL segment, as the renderer names the command it sends. */
export type CounterRoute = Commands[CounterCommandKind]['route'];

type KindOf<R extends CounterRoute> = { [K in CounterCommandKind]: Commands[K]['route'] extends R ? K : never }[CounterCommandKind];

/** What a client may post to a route (before defaults are filled). */
export type CounterCommandBody<R extends CounterRoute> = z.input<Commands[KindOf<R>]['body']>;

const kindByRoute: ReadonlyMap<string, CounterCommandKind> = new Map(
  (Object.keys(counterCommands) as CounterCommandKind[]).map((kind) => [counterCommands[kind].route, kind]),
);

/** The command posted to `route`, or undefined when no command lives there. */
export function counterCommandAt(route: string): CounterCommandKind | undefined {
  return kindByRoute.get(route);
}

/**
 * Parses a posted body into the command. An absent body stands for {} only where {} is a
 * valid body, so a command that needs fields still says its body is missing rather than
 * listing each absent field.
 */
export function parseCounterCommand<K extends CounterCommandKind>(kind: K, body: unknown): Extract<CounterCommand, { kind: K }> {
  const schema: z.ZodType<object> = counterCommands[kind].body;
  // Only a body that was not sent at all: a JSON `null` is a body, and not a valid one (400).
  if (body === undefined) {
    const empty = schema.safeParse({});
    if (empty.success) return { kind, ...empty.data } as Extract<CounterCommand, { kind: K }>;
  }
  return { kind, ...schema.parse(body) } as Extract<CounterCommand, { kind: K }>;
}
