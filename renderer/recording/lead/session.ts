import { create } from 'zustand';
import { SignInResponse } from '../../../shared/recording/access.js';

/**
 * The signed-in lead on this page (the hub's listen token). Kept in sessionStorage so a reload
 * keeps the session, and a closed tab ends it; the hub expires the token anyway.
 */
const KEY = 'guichet.recordings.session';

function load(): SignInResponse | null {
  try {
    const parsed = SignInResponse.safeParse(JSON.parse(sessionStorage.getItem(KEY) ?? 'null'));
    if (!parsed.success || Date.parse(parsed.data.expiresAt) <= Date.now()) return null;
    return parsed.data;
  } catch {
    return null;
  }
}

export interface LeadSessionState {
  session: SignInResponse | null;
  signedIn(s: SignInResponse): void;
  signOut(): void;
}

export const useLeadSession = create<LeadSessionState>((set) => ({
  session: typeof sessionStorage === 'undefined' ? null : load(),
  signedIn(s) {
    sessionStorage.setItem(KEY, JSON.stringify(s));
    set({ session: s });
  },
  signOut() {
    sessionStorage.removeItem(KEY);
    set({ session: null });
  },
}));
