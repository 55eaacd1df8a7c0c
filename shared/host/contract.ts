import { z } from 'zod';
import { recordingHostContract } from '../recording/hostChannels.js';
import { secretsHostContract } from './secrets.js';

/**
 * The host bridge: everything the renderer may ask of the machine it runs on. One contract,
 * two transports (Electron IPC through the preload, WebSocket under the browser host); both
 * sides parse every call with these schemas. Channels are named `domain:action`.
 */
export const HostKind = z.enum(['electron', 'browser']);
export type HostKind = z.infer<typeof HostKind>;

export const AppInfo = z.object({
  host: HostKind,
  version: z.string(),
  platform: z.string(),
  hubUrl: z.string(),
});
export type AppInfo = z.infer<typeof AppInfo>;

export const PrinterInfo = z.object({ name: z.string(), isDefault: z.boolean() });
export const PaperWidth = z.union([z.literal(58), z.literal(80)]);
export type PaperWidth = z.infer<typeof PaperWidth>;
/** Length of one printed ticket per roll width: the page the renderer lays out and the printer feeds. */
export const TICKET_LENGTH_MM: Record<PaperWidth, number> = { 58: 105, 80: 125 };

export const PrintTicketInput = z
  .object({
    /** The route of the ticket page to print, e.g. "/ticket/01J...?paper=80". */
    path: z.string().startsWith('/').max(500),
    paper: PaperWidth,
    /** Empty: the system default printer. */
    printerName: z.string().max(200).optional(),
  })
  .strict();
export type PrintTicketInput = z.infer<typeof PrintTicketInput>;

export const PrintResult = z.object({
  /** printed: sent silently; dialog: the renderer must open the print dialog; pdf: saved as preview. */
  mode: z.enum(['printed', 'dialog', 'pdf']),
  pdfPath: z.string().optional(),
});
export type PrintResult = z.infer<typeof PrintResult>;

export const DisplayInfo = z.object({
  id: z.number(),
  label: z.string(),
  primary: z.boolean(),
  width: z.number(),
  height: z.number(),
});

export const OpenCustomerScreenInput = z
  .object({ counter: z.number().int().min(1).max(99), displayId: z.number().optional() })
  .strict();

const None = z.undefined();

export const hostContract = {
  'app:info': { input: None, output: AppInfo },
  'printer:list': { input: None, output: z.array(PrinterInfo) },
  'printer:printTicket': { input: PrintTicketInput, output: PrintResult },
  'display:list': { input: None, output: z.array(DisplayInfo) },
  'display:openCustomerScreen': { input: OpenCustomerScreenInput, output: z.object({ opened: z.boolean() }) },
  // Counter recording (issue 5): capture in the host's Node process, one recorder per counter.
  ...recordingHostContract,
  // Device tokens kept by the host, not the page (shared/host/secrets.ts, docs/security.md).
  ...secretsHostContract,
} as const;

export type HostContract = typeof hostContract;
export type HostChannel = keyof HostContract;
export type HostInput<C extends HostChannel> = z.input<HostContract[C]['input']>;
export type HostOutput<C extends HostChannel> = z.infer<HostContract[C]['output']>;

export function isHostChannel(name: unknown): name is HostChannel {
  return typeof name === 'string' && Object.hasOwn(hostContract, name);
}

/** What a host implements: one async handler per channel, given parsed input. */
export type HostHandlers = {
  [C in HostChannel]: (input: z.infer<HostContract[C]['input']>) => Promise<HostOutput<C>>;
};

/** What the renderer calls; both transports provide exactly this. */
export interface HostBridge {
  invoke<C extends HostChannel>(channel: C, input: HostInput<C>): Promise<HostOutput<C>>;
}

export const HostErrorCode = z.enum(['unknown_channel', 'bad_input', 'bad_output', 'forbidden_sender', 'failed']);
export type HostErrorCode = z.infer<typeof HostErrorCode>;

export class HostError extends Error {
  constructor(
    readonly code: HostErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'HostError';
  }
}

/**
 * Parse, run, parse: the one path every host call takes on the host side, whatever the
 * transport. Bad input changes nothing because the handler never runs.
 */
export async function dispatchHostCall(handlers: HostHandlers, channel: unknown, input: unknown): Promise<unknown> {
  if (!isHostChannel(channel)) throw new HostError('unknown_channel', `unknown host channel: ${String(channel)}`);
  const spec = hostContract[channel];
  const parsed = spec.input.safeParse(input);
  if (!parsed.success) throw new HostError('bad_input', `${channel}: ${z.prettifyError(parsed.error)}`);
  const handler = handlers[channel] as (i: unknown) => Promise<unknown>;
  const result = await handler(parsed.data);
  const out = spec.output.safeParse(result);
  if (!out.success) throw new HostError('bad_output', `${channel}: host returned a malformed answer`);
  return out.data;
}
