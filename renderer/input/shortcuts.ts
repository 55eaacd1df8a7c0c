/** Teller actions that have a key; shown on the buttons. */
export type ShortcutAction =
  | 'callNext'
  | 'recall'
  | 'noShow'
  | 'finish'
  | 'start'
  | 'hold'
  | 'transfer'
  | 'addItem'
  | 'callChosen';

export const SHORTCUTS: Record<ShortcutAction, string> = {
  callNext: 'F1',
  recall: 'F2',
  noShow: 'F3',
  finish: 'F4',
  start: 'F5',
  hold: 'F6',
  transfer: 'F7',
  addItem: 'F8',
  callChosen: 'F9',
};

/** Pause service (the reason dialog) or resume it: the pause desk's own key, handled by renderer/pause/WindowBar.tsx. */
export const PAUSE_SHORTCUT = 'F10';

/** Register a complaint about the service on hand or just finished: renderer/complaints/CounterComplaints.tsx. F11 stays the browser's full screen. */
export const COMPLAINT_SHORTCUT = 'F12';

const BY_KEY = new Map<string, ShortcutAction>(Object.entries(SHORTCUTS).map(([action, key]) => [key, action as ShortcutAction]));

/** The action for a key press, or null (modifiers other than none never match). */
export function actionForKey(e: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'altKey' | 'metaKey' | 'shiftKey'>): ShortcutAction | null {
  if (e.ctrlKey || e.altKey || e.metaKey || e.shiftKey) return null;
  return BY_KEY.get(e.key) ?? null;
}

/** The caller keypad's commands (renderer/keypad, learned per workstation) that are buttons of the action panel. */
const KEYPAD_COMMANDS: Readonly<Record<string, ShortcutAction>> = { callNext: 'callNext', recall: 'recall', noShow: 'noShow', finish: 'finish' };

/** The panel action of a caller keypad action, or null ('pause' and 'phrase:N' have their own listeners). */
export function actionForKeypad(keypadAction: string): ShortcutAction | null {
  return Object.hasOwn(KEYPAD_COMMANDS, keypadAction) ? KEYPAD_COMMANDS[keypadAction]! : null;
}
