import { useEffect } from 'react';
import type { RecordingSettings } from '../../shared/recording/settings.js';
import { counterDb } from '../counter/db.js';
import { getPlatform } from '../platform/index.js';
import { CounterRecording, initialRecordingView } from './counterRecording.js';
import { publishRecording, useRecordingStore } from './store.js';

/** Runs the counter's recording (host recorder, index, uploads, retention) while the counter screen is open. */
export function useCounterRecording(counter: number, settings: RecordingSettings, tellerId: string): void {
  const settingsKey = JSON.stringify(settings);
  useEffect(() => {
    const controller = new CounterRecording({ db: counterDb(counter), host: getPlatform().host, settings: JSON.parse(settingsKey) as RecordingSettings, tellerId, publish: publishRecording });
    useRecordingStore.setState({ view: initialRecordingView(), controller });
    controller.start();
    return () => {
      controller.stop();
      if (useRecordingStore.getState().controller === controller) useRecordingStore.setState({ controller: null });
    };
  }, [counter, settingsKey, tellerId]);
}
