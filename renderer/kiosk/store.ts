import { create } from 'zustand';
import { QueueError } from '../../shared/api/errors.js';
import type { IssuedTicket, IssueTicketRequest } from '../../shared/api/queueApi.js';
import type { Priority } from '../../shared/config/schema.js';
import { issueTicket } from '../api/hub.js';
import { pressKey } from './codePad.js';
import { forecastFor, withExpectedWait } from './expectedWait.js';
import type { PadKey } from './codePad.js';
import { printTicket } from './print.js';
import type { PrintMode } from './print.js';

export type KioskStep = 'choose' | 'code' | 'issuing' | 'ticket';
export type PrintState = 'idle' | 'printing' | PrintMode | 'failed';
/** Priorities a customer may choose at the kiosk (appointments come from the booking). */
export type KioskPriority = Extract<Priority, 'none' | 'elderly' | 'vip'>;

export interface KioskState {
  step: KioskStep;
  priority: KioskPriority;
  code: string;
  issued: IssuedTicket | null;
  /**
   * The forecast for the issued ticket, in seconds: taken for a ticket without priority only (a
   * priority ticket goes ahead of the service's queue, so the service's forecast would overstate
   * its wait); null when there is no number.
   */
  expectedWaitSeconds: number | null;
  error: QueueError | null;
  print: PrintState;
  choosePriority(p: KioskPriority): void;
  openCodePad(): void;
  press(key: PadKey): void;
  take(request: IssueTicketRequest, ticketPath: (issued: IssuedTicket) => string): Promise<void>;
  reprint(ticketPath: string): Promise<void>;
  reset(): void;
  dismissError(): void;
}

const initial = { step: 'choose' as KioskStep, priority: 'none' as KioskPriority, code: '', issued: null, expectedWaitSeconds: null, error: null, print: 'idle' as PrintState };

export const useKioskStore = create<KioskState>((set, get) => ({
  ...initial,
  choosePriority: (priority) => set({ priority }),
  openCodePad: () => set({ step: 'code', code: '', error: null }),
  press: (key) => set((s) => ({ code: pressKey(s.code, key), error: null })),
  reset: () => set({ ...initial }),
  dismissError: () => set({ error: null }),

  async take(request, ticketPath) {
    if (get().step === 'issuing') return;
    const back = get().step;
    set({ step: 'issuing', error: null });
    let issued: IssuedTicket;
    // Asked before the ticket exists, so it is not counted ahead of itself; never blocks the ticket.
    const normal = request.service !== undefined && request.appointmentCode === undefined && (request.priority ?? 'none') === 'none';
    const forecast = normal ? await forecastFor(request.service!) : null;
    try {
      issued = await issueTicket(request);
    } catch (err) {
      set({ step: back, error: err instanceof QueueError ? err : new QueueError('internal', String(err)) });
      return;
    }
    const expectedWaitSeconds = issued.priority === 'none' ? forecast : null;
    set({ step: 'ticket', issued, expectedWaitSeconds, print: 'idle', code: '', priority: 'none' });
    await get().reprint(withExpectedWait(ticketPath(issued), expectedWaitSeconds));
  },

  async reprint(path) {
    if (get().print === 'printing') return;
    set({ print: 'printing' });
    try {
      const { mode } = await printTicket(path, 80);
      set({ print: mode });
    } catch {
      set({ print: 'failed' });
    }
  },
}));
