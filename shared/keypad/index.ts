export { CALLER_COMMANDS, EMPTY_MAPPING, KeyBinding, KeyId, KeypadAction, KeypadDevice, KeypadMapping, MAX_RATING_KEYS, PHRASE_SLOTS } from './schema.js';
export type { CallerCommand, PhraseAction, RateAction } from './schema.js';
export { actionFor, actionsFor, deviceOf, forgetAction, keyFor, keyIdOf, learnKey, parseMapping, phraseNumber, ratePosition } from './mapping.js';
export type { KeyPress, LearnOptions, LearnResult } from './mapping.js';
