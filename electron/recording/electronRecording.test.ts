import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_RECORDING_SETTINGS } from '../../shared/recording/settings.js';
import type { RecorderLike } from '../../server/host/recording/recordingHostService.js';
import type { FinishedRecording } from '../../server/recording/counterRecorder.js';
import { createElectronRecording } from './electronRecording.js';

const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

function fakeRecorder(): RecorderLike & { ended: number } {
  let meta: FinishedRecording['meta'] | null = null;
  const r = {
    ended: 0,
    start: () => undefined,
    repaired: () => [],
    beginService: (m: FinishedRecording['meta']) => {
      meta = m;
    },
    endService: async (): Promise<FinishedRecording | null> => {
      if (!meta) return null;
      r.ended++;
      const f: FinishedRecording = { meta, path: '/x', startedAt: new Date().toISOString(), endedAt: new Date().toISOString(), durationMs: 1, bytes: 1, sha256: 'a'.repeat(64), state: 'complete' };
      meta = null;
      return f;
    },
    state: () => ({ kind: 'not_recording' as const, detail: 'idle', since: new Date().toISOString() }),
    onState: () => () => undefined,
    onPacket: () => () => undefined,
    close: async () => null,
  };
  return r;
}

async function setup(platform: NodeJS.Platform, granted: boolean) {
  const dataDir = await mkdtemp(join(tmpdir(), 'guichet-erec-'));
  dirs.push(dataDir);
  const recorder = fakeRecorder();
  const listeners = new Map<string, () => void>();
  const systemPreferences = { getMediaAccessStatus: vi.fn(() => (granted ? 'granted' : 'denied') as never), askForMediaAccess: vi.fn(async () => granted) };
  const powerMonitor = { on: vi.fn((event: string, cb: () => void) => listeners.set(event, cb)) };
  const rec = createElectronRecording({
    dataDir,
    hubUrl: () => 'http://127.0.0.1:1',
    platform,
    systemPreferences,
    powerMonitor: powerMonitor as never,
    service: { openRecorder: async () => recorder, log: () => undefined },
  });
  return { rec, recorder, systemPreferences, listeners };
}

describe('createElectronRecording', () => {
  it('says "microphone missing" when macOS refuses the microphone, and opens no recorder', async () => {
    const { rec, systemPreferences } = await setup('darwin', false);
    const snap = await rec.handlers['recording:open']({ counter: 1, settings: DEFAULT_RECORDING_SETTINGS, credentials: null });
    expect(snap.state.kind).toBe('microphone_missing');
    expect(systemPreferences.askForMediaAccess).toHaveBeenCalledWith('microphone');
    expect((await rec.handlers['recording:begin']({ counter: 1, meta: { recordingId: '01JD3Z6Q5X8M4N2P7R9S0T1V2W', ticketId: 't', ticketNumber: 'A001', service: 'A', tellerId: 's' } })).started).toBe(false);
    await rec.close();
  });

  it('records elsewhere without asking, and finishes the recording when the machine goes to sleep', async () => {
    const { rec, recorder, systemPreferences, listeners } = await setup('linux', false);
    const snap = await rec.handlers['recording:open']({ counter: 1, settings: DEFAULT_RECORDING_SETTINGS, credentials: null });
    expect(snap.state.detail).toBe('idle');
    expect(systemPreferences.askForMediaAccess).not.toHaveBeenCalled();
    await rec.handlers['recording:begin']({ counter: 1, meta: { recordingId: '01JD3Z6Q5X8M4N2P7R9S0T1V2W', ticketId: 't', ticketNumber: 'A001', service: 'A', tellerId: 's' } });
    listeners.get('suspend')!();
    await vi.waitFor(() => expect(recorder.ended).toBe(1));
    expect((await rec.handlers['recording:end']({ counter: 1 })).finished).toBeNull();
    await rec.close();
  });
});
