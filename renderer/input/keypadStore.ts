import { EMPTY_MAPPING } from '../../shared/keypad/schema.js';
import type { KeypadMapping } from '../../shared/keypad/schema.js';
import { parseMapping } from '../../shared/keypad/mapping.js';
import { useWorkstationSetting, workstationSettings } from '../platform/workstationSetting.js';

/**
 * The keypad mapping of this workstation, per window number: the counter screen and the
 * customer display of one PC share it, and a keypad moved to another PC is learned there again.
 */
const mappingOf = workstationSettings<KeypadMapping>('guichet.keypad.v1.', parseMapping, EMPTY_MAPPING);

export function readMapping(counter: number): KeypadMapping {
  return mappingOf(counter).read();
}

/** Stores the mapping; false when the browser refuses (private mode, quota). */
export function saveMapping(counter: number, mapping: KeypadMapping): boolean {
  return mappingOf(counter).save(mapping);
}

/** The mapping of window `counter`, re-rendering when any window of this workstation changes it. */
export function useKeypadMapping(counter: number): KeypadMapping {
  return useWorkstationSetting(mappingOf(counter));
}
