import { Microphone } from '../../shared/recording/hostChannels.js';
import { useWorkstationSetting, workstationSettings } from '../platform/workstationSetting.js';

/**
 * The microphone this workstation records window `counter` from: the host's name for it, with
 * its label so a missing one can be named. Null: the system's default input.
 */
const choiceOf = workstationSettings<Microphone | null>('guichet.recording.microphone.v1.', (json) => Microphone.parse(json), null);

export function readMicrophoneChoice(counter: number): Microphone | null {
  return choiceOf(counter).read();
}

/** Stores the choice (null: the system default); false when the browser refuses to store it. */
export function saveMicrophoneChoice(counter: number, choice: Microphone | null): boolean {
  return choiceOf(counter).save(choice);
}

/** Calls `listener` when this window or another of this workstation changes window `counter`'s choice. */
export function onMicrophoneChoice(counter: number, listener: () => void): () => void {
  return choiceOf(counter).subscribe(listener);
}

export function useMicrophoneChoice(counter: number): Microphone | null {
  return useWorkstationSetting(choiceOf(counter));
}
