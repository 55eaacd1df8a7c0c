import type { PowerMonitor, SystemPreferences } from 'electron';
import { join } from 'node:path';
import { RecordingHostService } from '../../server/host/recording/recordingHostService.js';
import type { RecordingHandlers, RecordingHostOptions } from '../../server/host/recording/recordingHostService.js';
import type { HubPin } from '../../server/uploads/client/hubPin.js';

/**
 * The Electron objects counter recording needs, passed in by main.ts (tests pass fakes, so no
 * test loads Electron itself).
 */
export interface ElectronRecordingDeps {
  /** The app's data folder (GUICHET_DATA_DIR or userData/data): recordings go to `<dataDir>/recordings`. */
  dataDir: string;
  hubUrl: () => string;
  /** The branch hub's pinned certificate in remote-hub mode (electron/main/remoteHub.ts): uploads and live audio trust it alone. */
  hubPin?: () => HubPin | null;
  platform?: NodeJS.Platform;
  /** macOS asks the user once for the microphone; elsewhere access is the OS's business. */
  systemPreferences?: Pick<SystemPreferences, 'askForMediaAccess' | 'getMediaAccessStatus'>;
  /** A workstation going to sleep ends the service's recording (its file is finished, not repaired). */
  powerMonitor?: Pick<PowerMonitor, 'on'>;
  /** Capture device, program and environment; tests give a fake recorder. */
  service?: Pick<RecordingHostOptions, 'recorder' | 'openRecorder' | 'now' | 'log'>;
}

export interface ElectronRecording {
  handlers: RecordingHandlers;
  close(): Promise<void>;
}

/**
 * Counter recording in Electron main: the same host service as the browser host
 * (server/host/recording/), plus the operating system's part: the microphone permission on
 * macOS ("microphone missing" on the counter when refused) and sleep.
 */
export function createElectronRecording(deps: ElectronRecordingDeps): ElectronRecording {
  const service = new RecordingHostService({ dir: join(deps.dataDir, 'recordings'), hubUrl: deps.hubUrl, ...(deps.hubPin ? { hubPin: deps.hubPin } : {}), ...deps.service });
  const handlers = service.handlers();
  let permission: Promise<boolean> | null = null;
  const microphoneAllowed = (): Promise<boolean> => {
    if ((deps.platform ?? process.platform) !== 'darwin' || !deps.systemPreferences) return Promise.resolve(true);
    const prefs = deps.systemPreferences;
    permission ??= (async () => (prefs.getMediaAccessStatus('microphone') === 'granted' ? true : prefs.askForMediaAccess('microphone')))().catch(() => false);
    return permission;
  };
  deps.powerMonitor?.on('suspend', () => void service.suspend());

  return {
    handlers: {
      ...handlers,
      'recording:open': async (input) => {
        if (input.settings.enabled && !(await microphoneAllowed())) {
          permission = null; // asked again next time the counter opens
          return { enabled: true, state: { kind: 'microphone_missing', detail: 'the system refused this app access to the microphone', since: new Date().toISOString() }, current: null, cursor: 0 };
        }
        return handlers['recording:open'](input);
      },
    },
    close: () => service.close(),
  };
}
