import { join } from 'node:path';
import type { HostHandlers } from '../../shared/host/contract.js';
import type { HostPeer } from './hostSocket.js';
import type { RecordingHandlers } from './recording/recordingHostService.js';
import { unavailableRecordingHandlers } from './recording/unavailable.js';
import { SecretFile, fileOnlyCodec, isSameMachineCaller, refusedSecretHandlers, secretHandlers } from './secretStore.js';
import type { SecretHandlers } from './secretStore.js';

/**
 * The host services when the app runs in a plain browser (kiosk and hall screens on cheap
 * devices, the lead's browser). The browser prints through its own dialog and owns its screens,
 * so those handlers say so rather than pretend.
 */
export function browserHostHandlers(
  info: { version: string; hubUrl: string },
  // Counter recording runs in this Node process (server/host/recording/), one recorder per counter.
  recording: RecordingHandlers = unavailableRecordingHandlers('this host does not record'),
  secrets: SecretHandlers = refusedSecretHandlers('failed', 'this host keeps no secrets'),
): HostHandlers {
  return {
    'app:info': async () => ({ host: 'browser', version: info.version, platform: process.platform, hubUrl: info.hubUrl }),
    'printer:list': async () => [],
    'printer:printTicket': async () => ({ mode: 'dialog' }),
    'display:list': async () => [],
    'display:openCustomerScreen': async () => ({ opened: false }),
    ...recording,
    ...secrets,
  };
}

/** Where the browser host keeps its secrets: `<data dir>/host/secrets.json`, mode 0600. */
export function browserHostSecretFile(dataDir: string): SecretFile {
  return new SecretFile(join(dataDir, 'host', 'secrets.json'), fileOnlyCodec);
}

/**
 * The browser host's handlers for one socket. Every page gets the same services, except the
 * secrets and the recorder: only a page on this machine, addressed by a loopback name, reaches the
 * file and the microphone; a page from another machine is refused (forbidden_sender) and keeps
 * its token in its own browser, and is told this host does not record for it.
 */
export function browserHostHandlersFor(
  info: { version: string; hubUrl: string },
  recording: RecordingHandlers | undefined,
  secrets: SecretFile,
): (peer: HostPeer) => HostHandlers {
  const mine = secretHandlers(secrets);
  const refused = refusedSecretHandlers('forbidden_sender', 'this host keeps secrets only for pages on its own machine (opened at 127.0.0.1 or localhost)');
  // The microphone and the recordings on disk are this machine's too: a socket from another
  // machine (Origin can be forged by any non-browser client) gets a host that does not record,
  // so it can neither start the microphone nor list, upload or delete the counter's files.
  const notHere = unavailableRecordingHandlers('this host records only for the counter on its own machine (opened at 127.0.0.1 or localhost)');
  return (peer) => (isSameMachineCaller(peer) ? browserHostHandlers(info, recording, mine) : browserHostHandlers(info, notHere, refused));
}
