import { useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { SHORT_PAUSE_CLIP } from '../../shared/announce/compose.js';
import { createOutputAudio } from '../audio/outputDevice.js';
import { subscribeQueueEvents } from '../queue/store.js';
import { Announcer, createHtmlAudioPlayer } from '../audio/announcer.js';
import type { HtmlAudioPlayer } from '../audio/announcer.js';

export interface AnnouncingCall {
  /** The stream event that caused it. */
  eventId: string;
  number: string;
  window: number;
}

let sharedPlayer: HtmlAudioPlayer | null = null;
function player(): HtmlAudioPlayer {
  // On this workstation's chosen sound output (renderer/audio, set on /keypad/{n}).
  sharedPlayer ??= createHtmlAudioPlayer({ createAudio: (src) => createOutputAudio(src) });
  return sharedPlayer;
}

/**
 * Announces every call and recall from the live stream, one after another, `repeat` times each.
 * Returns whether the browser blocks sound until a click (autoplay policy), the unlock for that
 * click, and the call being announced now (the hall makes it flash).
 */
export function useHallAnnouncer(repeat: number): { blocked: boolean; unlock: () => void; announcing: AnnouncingCall | null } {
  const audio = player();
  const blocked = useSyncExternalStore(audio.subscribe, () => audio.blocked);
  const announcer = useRef<Announcer | null>(null);
  const [queue, setQueue] = useState<AnnouncingCall[]>([]);

  useEffect(() => {
    const a = new Announcer({ play: audio.play, repeat });
    announcer.current = a;
    // Find out at once whether sound is allowed, so the enable button shows before the first call.
    void audio.play(SHORT_PAUSE_CLIP).catch(() => undefined);
    const unsubscribe = subscribeQueueEvents((event) => {
      if (event.type !== 'ticket.called' && event.type !== 'ticket.recalled') return;
      const window = event.counter ?? event.ticket.counter;
      if (window === null) return;
      const call: AnnouncingCall = { eventId: event.id, number: event.ticket.number, window };
      let done: Promise<unknown>;
      try {
        done = a.announce(call.number, call.window);
      } catch {
        return; // a number the clips cannot say; the screen still shows it
      }
      setQueue((q) => [...q, call]);
      void done.finally(() => setQueue((q) => q.filter((c) => c.eventId !== call.eventId)));
    });
    return () => {
      unsubscribe();
      a.dispose();
      announcer.current = null;
      setQueue([]);
    };
    // The announcer lives as long as the hall; `repeat` changes are applied below.
  }, [audio]);

  useEffect(() => {
    if (announcer.current && Number.isInteger(repeat) && repeat >= 1) announcer.current.repeat = repeat;
  }, [repeat]);

  return { blocked, unlock: audio.unlock, announcing: queue[0] ?? null };
}
