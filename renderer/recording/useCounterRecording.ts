import { useEffect, useRef } from 'react';
import type { RecordingSettings } from '../../shared/recording/settings.js';
import { counterDb } from '../device/db.js';
import { currentIdentity } from '../device/identity.js';
import { getPlatform } from '../platform/index.js';
import { CounterRecording, initialRecordingView } from './counterRecording.js';
import { publishRecording, useRecordingStore } from './store.js';

/**
 * Runs the counter's recording (host recorder, index, uploads, retention) while the counter screen
 * is open. The teller is the one signed in at the counter (CounterDb.teller): a handover does not
 * restart it. Uploads and live audio use the screen's device enrolment (device/identity.ts).
 */
export function useCounterRecording(counter: number, settings: RecordingSettings, tellerId: string): void {
  const settingsKey = JSON.stringify(settings);
  const teller = useRef(tellerId);
  teller.current = tellerId;
  useEffect(() => {
    const identity = currentIdentity();
    const shared = identity && identity.slot.kind === 'counter' && identity.slot.window === counter ? identity : null;
    const controller = new CounterRecording({
      db: counterDb(counter),
      host: getPlatform().host,
      settings: JSON.parse(settingsKey) as RecordingSettings,
      tellerId: teller.current,
      publish: publishRecording,
      ...(shared
        ? {
            credentials: async () => {
              const e = shared.current();
              return e?.token ? { deviceId: e.deviceId, branchId: e.branchId, token: e.token } : null;
            },
            watchCredentials: (onChange: () => void) => shared.subscribe(onChange),
          }
        : {}),
    });
    useRecordingStore.setState({ view: initialRecordingView(), controller });
    controller.start();
    return () => {
      controller.stop();
      if (useRecordingStore.getState().controller === controller) useRecordingStore.setState({ controller: null });
    };
  }, [counter, settingsKey]);
}
