// The workstation's microphone choice reaches the capture program, and changing it never cuts a
// service: the capture restarts on the new microphone at once when idle, else when service ends.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newId } from '../../../shared/ids.js';
import { DEFAULT_RECORDING_SETTINGS } from '../../../shared/recording/settings.js';
import type { CounterRecorderOptions, FinishedRecording, RecorderState, RecordingMeta } from '../../recording/counterRecorder.js';
import { RecordingHostService } from './recordingHostService.js';
import type { RecorderLike } from './recordingHostService.js';

class FakeRecorder implements RecorderLike {
  closed = false;
  meta: RecordingMeta | null = null;
  constructor(readonly opts: CounterRecorderOptions) {}
  start(): void {}
  repaired(): FinishedRecording[] {
    return [];
  }
  beginService(meta: RecordingMeta): void {
    this.meta = meta;
  }
  async endService(): Promise<FinishedRecording | null> {
    this.meta = null;
    return null;
  }
  state(): RecorderState {
    return { kind: this.meta ? 'recording' : 'not_recording', since: new Date().toISOString() } as RecorderState;
  }
  onState() {
    return () => undefined;
  }
  onPacket() {
    return () => undefined;
  }
  async close() {
    this.closed = true;
    return null;
  }
}

let dir: string;
let opened: FakeRecorder[];
let service: RecordingHostService;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'guichet-mic-'));
  opened = [];
  service = new RecordingHostService({
    dir,
    hubUrl: () => 'http://127.0.0.1:9',
    openRecorder: async (o) => {
      const r = new FakeRecorder(o);
      opened.push(r);
      return r;
    },
    recorder: { recorderProgram: 'arecord-period', env: { PULSE_SERVER: 'unix:/run/pulse' } },
    listMicrophones: async () => ({ source: 'pulse', microphones: [{ id: 'pulse:usb_headset', label: 'USB headset' }] }),
    log: () => undefined,
  });
});

afterEach(async () => {
  await service.close();
  await rm(dir, { recursive: true, force: true });
});

const open = (microphone?: string | null) => service.handlers()['recording:open']({ counter: 4, settings: DEFAULT_RECORDING_SETTINGS, credentials: null, microphone });
const meta = () => ({ recordingId: newId(), ticketId: 'T-1', ticketNumber: 'A001', service: 'A', tellerId: 's-1' });

describe('the counter’s microphone', () => {
  it('lists what the host finds', async () => {
    expect(await service.handlers()['recording:microphones'](undefined)).toEqual({ source: 'pulse', microphones: [{ id: 'pulse:usb_headset', label: 'USB headset' }] });
  });

  it('captures from the chosen PulseAudio source, keeping the host’s own environment', async () => {
    await open('pulse:usb_headset');
    expect(opened).toHaveLength(1);
    expect(opened[0]!.opts.device).toBe('pulse');
    expect(opened[0]!.opts.env).toEqual({ PULSE_SERVER: 'unix:/run/pulse', PULSE_SOURCE: 'usb_headset' });
  });

  it('restarts the capture on another microphone at once when no service is under way', async () => {
    await open(null);
    await open(null); // same choice: nothing restarts
    expect(opened).toHaveLength(1);
    await open('alsa:plughw:CARD=Device,DEV=0');
    expect(opened).toHaveLength(2);
    expect(opened[0]!.closed).toBe(true);
    expect(opened[1]!.opts.device).toBe('plughw:CARD=Device,DEV=0');
  });

  it('waits for the end of the service under way before switching', async () => {
    await open(null);
    await service.handlers()['recording:begin']({ counter: 4, meta: meta() });
    await open('pulse:usb_headset');
    expect(opened).toHaveLength(1);
    expect(opened[0]!.meta).not.toBeNull(); // still recording on the old microphone
    await service.handlers()['recording:end']({ counter: 4 });
    expect(opened).toHaveLength(2);
    expect(opened[0]!.closed).toBe(true);
    expect(opened[1]!.opts.env).toMatchObject({ PULSE_SOURCE: 'usb_headset' });
  });

  it('refuses a name that is not a microphone name at the bridge', async () => {
    const { hostContract } = await import('../../../shared/host/contract.js');
    const bad = hostContract['recording:open'].input.safeParse({ counter: 4, settings: DEFAULT_RECORDING_SETTINGS, credentials: null, microphone: 'pulse:x;reboot' });
    expect(bad.success).toBe(false);
  });
});
