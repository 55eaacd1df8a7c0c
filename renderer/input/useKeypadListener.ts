import { useEffect, useRef } from 'react';
import { actionFor } from '../../shared/keypad/mapping.js';
import type { KeypadAction, KeypadDevice } from '../../shared/keypad/schema.js';
import { emitKeypad } from './keypadActions.js';
import { useKeypadMapping } from './keypadStore.js';

/**
 * Listens, in this window only, to the keys learned for `device` and emits their actions
 * (keypadActions.ts); `onAction` gets them too. Keys typed into a field, held-down repeats and
 * keys not learned for this device are ignored. A window listens as one device: the counter
 * screen as the caller keypad, the customer display as the rating keypad.
 */
export function useKeypadListener(counter: number, device: KeypadDevice, opts: { enabled?: boolean; onAction?: (action: KeypadAction) => void } = {}): void {
  const mapping = useKeypadMapping(counter);
  const latest = useRef({ mapping, enabled: opts.enabled ?? true, onAction: opts.onAction });
  latest.current = { mapping, enabled: opts.enabled ?? true, onAction: opts.onAction };

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const { mapping: m, enabled, onAction } = latest.current;
      if (!enabled || e.repeat) return;
      const target = e.target as HTMLElement | null;
      if (target?.closest?.('input, textarea, select, [contenteditable="true"]')) return;
      const action = actionFor(m, device, e);
      if (!action) return;
      e.preventDefault();
      emitKeypad({ action, device, counter });
      onAction?.(action);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [counter, device]);
}

/** Mounted on the counter screen: the caller keypad's keys become keypad actions there. */
export function CallerKeypad({ counter }: { counter: number }) {
  useKeypadListener(counter, 'caller');
  return null;
}
