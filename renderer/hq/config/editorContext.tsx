import { createContext, useContext } from 'react';
import type { BranchConfig } from '../../../shared/config/schema.js';
import type { ConfigIssue } from '../../../shared/config/validation.js';
import type { Path } from './draft.js';

/** What every section of the editor reads and writes: the draft, the setter, and the issues of the last save. */
export interface Editor {
  draft: BranchConfig;
  update(path: Path, value: unknown): void;
  issues: Map<string, ConfigIssue[]>;
  /** PINs typed for a reset, by staff id (sent with the save, never kept). */
  pins: Record<string, string>;
  setPin(staffId: string, pin: string): void;
  /** Staff ids that have a PIN at head office. */
  hasPin: ReadonlySet<string>;
}

export const EditorContext = createContext<Editor | null>(null);

export function useEditor(): Editor {
  const e = useContext(EditorContext);
  if (!e) throw new Error('useEditor outside the configuration editor');
  return e;
}
