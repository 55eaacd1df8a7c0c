// @vitest-environment happy-dom
import { beforeEach, describe, expect, it } from 'vitest';
import { applyOutput, createOutputAudio, listOutputs, readOutputChoice, resolveSink, saveOutputChoice } from './outputDevice.js';
import type { MediaDevicesLike, OutputDevice } from './outputDevice.js';

const speakers: OutputDevice = { deviceId: 'id-speakers', label: 'Hall speakers', groupId: 'g1' };
const headset: OutputDevice = { deviceId: 'id-headset', label: 'USB headset', groupId: 'g2' };

beforeEach(() => localStorage.clear());

describe('the workstation’s sound output', () => {
  it('is kept per machine, and the system default is no choice at all', () => {
    expect(readOutputChoice()).toBeNull();
    expect(saveOutputChoice({ deviceId: 'id-headset', label: 'USB headset' })).toBe(true);
    expect(readOutputChoice()).toEqual({ deviceId: 'id-headset', label: 'USB headset' });
    saveOutputChoice({ deviceId: 'default', label: '' });
    expect(readOutputChoice()).toBeNull();
    localStorage.setItem('guichet.audio.output.v1', '{broken');
    expect(readOutputChoice()).toBeNull();
  });

  it('finds the chosen device by id, else by name, else plays on the default and says the device is missing', () => {
    const choice = { deviceId: 'id-headset', label: 'USB headset' };
    expect(resolveSink(null, [speakers])).toEqual({ sinkId: '', missing: false });
    expect(resolveSink(choice, [speakers, headset])).toEqual({ sinkId: 'id-headset', missing: false });
    expect(resolveSink(choice, [speakers, { ...headset, deviceId: 'id-new-port' }])).toEqual({ sinkId: 'id-new-port', missing: false });
    expect(resolveSink(choice, [speakers])).toEqual({ sinkId: '', missing: true });
  });

  it('lists only audio outputs', async () => {
    const md: MediaDevicesLike = {
      enumerateDevices: async () =>
        [
          { kind: 'audioinput', deviceId: 'mic', label: 'Mic', groupId: 'g0' },
          { kind: 'audiooutput', ...speakers },
          { kind: 'videoinput', deviceId: 'cam', label: 'Cam', groupId: 'g3' },
          { kind: 'audiooutput', ...headset },
        ] as MediaDeviceInfo[],
    };
    expect(await listOutputs(md)).toEqual([speakers, headset]);
    expect(await listOutputs(null)).toEqual([]);
  });

  it('sets the sink of an element or audio context, and falls back to the default when that fails', async () => {
    const sinks: string[] = [];
    const target = { setSinkId: async (id: string) => void sinks.push(id) };
    expect(await applyOutput(target, { deviceId: 'id-headset', label: 'USB headset' }, [speakers, headset])).toBe('applied');
    expect(await applyOutput(target, { deviceId: 'gone', label: 'Old' }, [speakers])).toBe('default');
    expect(sinks).toEqual(['id-headset', '']);
    expect(await applyOutput({}, { deviceId: 'id-headset', label: '' }, [headset])).toBe('unsupported');
    expect(await applyOutput({ setSinkId: async () => Promise.reject(new Error('NotFoundError')) }, { deviceId: 'id-headset', label: '' }, [headset])).toBe('failed');
    expect(await applyOutput(target, null, [headset])).toBe('default');
  });

  it('an announcement clip starts playing only once its device is set', async () => {
    saveOutputChoice({ deviceId: 'id-headset', label: 'USB headset' });
    const order: string[] = [];
    let release!: () => void;
    const fake = {
      setSinkId: (id: string) => new Promise<void>((r) => (release = () => (order.push(`sink ${id}`), r()))),
      play: async () => void order.push('play'),
      pause: () => undefined,
      addEventListener: () => undefined,
      removeEventListener: () => undefined,
    };
    // No device list in this test environment: the chosen id is used as it is.
    Object.defineProperty(navigator, 'mediaDevices', { value: undefined, configurable: true });
    const audio = createOutputAudio('/audio/chime.ogg', () => fake as unknown as HTMLAudioElement);
    const playing = audio.play();
    await new Promise((r) => setTimeout(r, 10));
    expect(order).toEqual([]);
    release();
    await playing;
    expect(order).toEqual(['sink id-headset', 'play']);
  });
});
