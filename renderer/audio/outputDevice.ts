import { useWorkstationSetting, workstationSetting } from '../platform/workstationSetting.js';

/**
 * The sound output of this workstation (announcements, phrases): a per-machine choice kept in
 * localStorage, applied with setSinkId on every HTMLMediaElement or AudioContext that plays.
 * Device ids are per origin and stable while the browser keeps its site data; the label is
 * kept too, so a device whose id changed (plugged into another port) is found again by name.
 */
export interface OutputChoice {
  deviceId: string;
  label: string;
}

export interface OutputDevice {
  deviceId: string;
  label: string;
  groupId: string;
}

/** What setSinkId needs: an <audio>/<video> element or an AudioContext (Chromium 110+). */
export interface SinkTarget {
  setSinkId?: (id: string) => Promise<void>;
}

export type MediaDevicesLike = Pick<MediaDevices, 'enumerateDevices'> & Partial<Pick<MediaDevices, 'getUserMedia' | 'addEventListener' | 'removeEventListener'>>;

const setting = workstationSetting<OutputChoice | null>(
  'guichet.audio.output.v1',
  (json) => {
    const v = json as Partial<OutputChoice> | null;
    if (v && typeof v.deviceId === 'string' && v.deviceId !== '' && typeof v.label === 'string') return { deviceId: v.deviceId, label: v.label };
    return null;
  },
  null,
);

/** The chosen output, or null for the system default. */
export function readOutputChoice(): OutputChoice | null {
  return setting.read();
}

/** Stores the choice (null = system default); false when the browser refuses to store it. */
export function saveOutputChoice(choice: OutputChoice | null): boolean {
  return setting.save(choice === null || choice.deviceId === '' || choice.deviceId === 'default' ? null : choice);
}

export function useOutputChoice(): OutputChoice | null {
  return useWorkstationSetting(setting);
}

function mediaDevices(): MediaDevicesLike | null {
  return (globalThis.navigator?.mediaDevices as MediaDevicesLike | undefined) ?? null;
}

/** The audio outputs the browser lists ('audiooutput'); labels are empty until media permission is given. */
export async function listOutputs(md: MediaDevicesLike | null = mediaDevices()): Promise<OutputDevice[]> {
  if (!md) return [];
  const all = await md.enumerateDevices();
  return all.filter((d) => d.kind === 'audiooutput').map((d) => ({ deviceId: d.deviceId, label: d.label, groupId: d.groupId }));
}

/**
 * The outputs, or null when the browser will not tell (no API, or no permission yet: then it
 * lists one unnamed entry without an id), so the chosen id is tried as it is.
 */
async function knownOutputs(): Promise<OutputDevice[] | null> {
  const md = mediaDevices();
  if (!md) return null;
  const list = await listOutputs(md).catch(() => null);
  return list && list.some((d) => d.deviceId !== '' && d.deviceId !== 'default') ? list : null;
}

/**
 * Browsers name devices only to a page that was allowed a microphone: asking for one (and
 * stopping it at once) makes enumerateDevices give labels. False when refused or impossible.
 */
export async function unlockDeviceNames(md: MediaDevicesLike | null = mediaDevices()): Promise<boolean> {
  if (!md?.getUserMedia) return false;
  try {
    const stream = await md.getUserMedia({ audio: true });
    for (const track of stream.getTracks()) track.stop();
    return true;
  } catch {
    return false;
  }
}

/** Whether this browser can send a media element's sound to a chosen device. */
export function canChooseOutput(): boolean {
  return typeof globalThis.HTMLMediaElement !== 'undefined' && 'setSinkId' in globalThis.HTMLMediaElement.prototype;
}

/**
 * The device id to play on for a choice among the devices present: the same id, else a device
 * with the same label (an id can change when the device moves to another port), else '' (the
 * system default). Pure.
 */
export function resolveSink(choice: OutputChoice | null, devices: readonly OutputDevice[] | null): { sinkId: string; missing: boolean } {
  if (!choice) return { sinkId: '', missing: false };
  if (devices === null) return { sinkId: choice.deviceId, missing: false };
  if (devices.some((d) => d.deviceId === choice.deviceId)) return { sinkId: choice.deviceId, missing: false };
  const byLabel = choice.label ? devices.find((d) => d.label === choice.label) : undefined;
  if (byLabel) return { sinkId: byLabel.deviceId, missing: false };
  return { sinkId: '', missing: true };
}

export type SinkOutcome = 'default' | 'applied' | 'unsupported' | 'failed';

/**
 * Sends `target`'s sound to the chosen device. A failure (device unplugged, not allowed) leaves
 * it on the system default: an announcement is never lost for the lack of a device.
 */
export async function applyOutput(target: SinkTarget, choice: OutputChoice | null = readOutputChoice(), devices?: readonly OutputDevice[] | null): Promise<SinkOutcome> {
  if (!choice) return 'default';
  if (typeof target.setSinkId !== 'function') return 'unsupported';
  const list = devices !== undefined ? devices : await knownOutputs();
  const { sinkId } = resolveSink(choice, list);
  try {
    await target.setSinkId(sinkId);
    return sinkId === '' ? 'default' : 'applied';
  } catch {
    return 'failed';
  }
}

/** The bits of HTMLAudioElement the hall's announcer uses (announcer.ts AudioLike). */
export interface PlayableAudio {
  play(): Promise<void> | void;
  pause(): void;
  addEventListener(type: 'ended' | 'error', listener: () => void): void;
  removeEventListener(type: 'ended' | 'error', listener: () => void): void;
}

export interface OutputAudio extends PlayableAudio {
  /** Resolves once the device is set: how it went, and the element's sinkId as the browser now reports it. */
  readonly sink: Promise<{ outcome: SinkOutcome; sinkId: string }>;
}

/**
 * `new Audio(src)` on this workstation's chosen output: play() waits for the device to be set,
 * so the first syllable never goes to the wrong speaker. For the announcer and the phrase player
 * (an AudioContext gets the same with applyOutput(context)).
 */
export function createOutputAudio(src: string, make: (src: string) => HTMLAudioElement & SinkTarget = (s) => new Audio(s)): OutputAudio {
  const audio = make(src);
  const choice = readOutputChoice();
  const ready = choice ? applyOutput(audio, choice) : Promise.resolve<SinkOutcome>('default');
  return {
    sink: ready.then((outcome) => ({ outcome, sinkId: (audio as { sinkId?: string }).sinkId ?? '' })),
    play: () => ready.then(() => audio.play()),
    pause: () => audio.pause(),
    addEventListener: (type, l) => audio.addEventListener(type, l),
    removeEventListener: (type, l) => audio.removeEventListener(type, l),
  };
}
