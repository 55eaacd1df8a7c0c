import type { HostHandlers } from '../../shared/host/contract.js';
import type { RecordingHandlers } from './recording/recordingHostService.js';
import { unavailableRecordingHandlers } from './recording/unavailable.js';

/**
 * The host services when the app runs in a plain browser (kiosk and hall screens on cheap
 * devices, the lead's browser). The browser prints through its own dialog and owns its screens,
 * so those handlers say so rather than pretend.
 */
export function browserHostHandlers(
  info: { version: string; hubUrl: string },
  // Counter recording runs in this Node process (server/host/recording/), one recorder per counter.
  recording: RecordingHandlers = unavailableRecordingHandlers('this host does not record'),
): HostHandlers {
  return {
    'app:info': async () => ({ host: 'browser', version: info.version, platform: process.platform, hubUrl: info.hubUrl }),
    'printer:list': async () => [],
    'printer:printTicket': async () => ({ mode: 'dialog' }),
    'display:list': async () => [],
    'display:openCustomerScreen': async () => ({ opened: false }),
    ...recording,
  };
}
