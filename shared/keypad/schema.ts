import { z } from 'zod';

/**
 * The USB keypads a workstation can have. Both are HID keyboards: the page cannot tell one
 * keyboard from another (KeyboardEvent names no device, and WebHID refuses keyboards), so a
 * "device" is a role, each listened to in its own window: the caller keypad on the teller's
 * counter screen, the rating keypad on the customer display (docs/keypads.md).
 */
export const KeypadDevice = z.enum(['caller', 'rating']);
export type KeypadDevice = z.infer<typeof KeypadDevice>;

/** The teller's commands a caller keypad can give. */
export const CALLER_COMMANDS = ['callNext', 'recall', 'noShow', 'finish', 'pause'] as const;
export type CallerCommand = (typeof CALLER_COMMANDS)[number];

/** Standard phrases 1-9 of the counter's phrase helper ("phrase:3"). */
export const PHRASE_SLOTS = 9;
/** Rating keys by position on the scale, best first ("rate:1" = 非常满意); at most 10 levels. */
export const MAX_RATING_KEYS = 10;

/** One thing a keypad key does: a caller command, "phrase:N" (1-9), or "rate:N" (1-10). */
export type PhraseAction = `phrase:${number}`;
export type RateAction = `rate:${number}`;
const PHRASE_PATTERN = /^phrase:[1-9]$/;
const RATE_PATTERN = /^rate:([1-9]|10)$/;
export const KeypadAction = z.union([
  z.enum(CALLER_COMMANDS),
  z.custom<PhraseAction>((v) => typeof v === 'string' && PHRASE_PATTERN.test(v), 'phrase:1 to phrase:9'),
  z.custom<RateAction>((v) => typeof v === 'string' && RATE_PATTERN.test(v), 'rate:1 to rate:10'),
]);
export type KeypadAction = z.infer<typeof KeypadAction>;

/**
 * A key as the keypad sends it: the physical key (KeyboardEvent.code, e.g. "Numpad1", "F13"),
 * with the modifiers held ("Ctrl+Alt+KeyA"); "key:<key>" when the browser gives no code.
 */
export const KeyId = z.string().min(1).max(64);
export type KeyId = z.infer<typeof KeyId>;

export const KeyBinding = z.object({
  device: KeypadDevice,
  action: KeypadAction,
  key: KeyId,
});
export type KeyBinding = z.infer<typeof KeyBinding>;

/**
 * One workstation's keypad mapping. A key does one thing on the workstation (whichever device
 * and window it is pressed on), and an action has one key per device.
 */
export const KeypadMapping = z
  .object({
    version: z.literal(1),
    bindings: z.array(KeyBinding).max(64),
  })
  .refine((m) => new Set(m.bindings.map((b) => b.key)).size === m.bindings.length, 'a key is bound to one action only')
  .refine((m) => new Set(m.bindings.map((b) => `${b.device}/${b.action}`)).size === m.bindings.length, 'an action has one key per device');
export type KeypadMapping = z.infer<typeof KeypadMapping>;

export const EMPTY_MAPPING: KeypadMapping = { version: 1, bindings: [] };
