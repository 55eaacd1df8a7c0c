import { describe, expect, it } from 'vitest';
import { captureTarget, listMicrophones, parseAlsaDevices, parsePulseSources } from './microphones.js';

// Trimmed from `pactl list sources` on a counter PC: an output's monitor, a USB headset, a remap.
const PACTL = `Source #0
\tState: SUSPENDED
\tName: alsa_output.pci-0000_00_1f.3.analog-stereo.monitor
\tDescription: Monitor of Built-in Audio Analog Stereo
\tMonitor of Sink: alsa_output.pci-0000_00_1f.3.analog-stereo
\tProperties:
\t\tdevice.class = "monitor"

Source #1
\tState: RUNNING
\tName: alsa_input.usb-C-Media_USB_Headphone_Set-00.mono-fallback
\tDescription: USB Headphone Set Mono
\tMonitor of Sink: n/a
\tProperties:
\t\tdevice.class = "sound"

Source #2
\tName: counter_mic
\tDescription: Remapped Monitor of Null Output
\tMonitor of Sink: n/a
\tProperties:
\t\tdevice.class = "filter"
`;

const ARECORD_L = `null
    Discard all samples (playback) or generate zero samples (capture)
default
    Default Audio Device
pulse
    PulseAudio Sound Server
sysdefault:CARD=Device
    USB PnP Sound Device, USB Audio
    Default Audio Device
plughw:CARD=Device,DEV=0
    USB PnP Sound Device, USB Audio
    Hardware device with all software conversions
dsnoop:CARD=Device,DEV=0
    USB PnP Sound Device, USB Audio
    Direct sample snooping device
`;

describe('microphone lists', () => {
  it('lists PulseAudio sources, never the monitors of outputs', () => {
    expect(parsePulseSources(PACTL)).toEqual([
      { id: 'pulse:alsa_input.usb-C-Media_USB_Headphone_Set-00.mono-fallback', label: 'USB Headphone Set Mono' },
      { id: 'pulse:counter_mic', label: 'Remapped Monitor of Null Output' },
    ]);
  });

  it('lists the default and the hardware devices of arecord -L with their descriptions', () => {
    expect(parseAlsaDevices(ARECORD_L)).toEqual([
      { id: 'alsa:default', label: 'Default Audio Device' },
      { id: 'alsa:plughw:CARD=Device,DEV=0', label: 'USB PnP Sound Device, USB Audio, Hardware device with all software conversions' },
    ]);
  });

  it('skips names a program should never be handed', () => {
    expect(parsePulseSources('Source #0\n\tName: evil;rm -rf /\n\tDescription: x\n')).toEqual([]);
    expect(parseAlsaDevices('plughw:CARD=$(reboot)\n    x\n')).toEqual([]);
  });

  it('falls back from PulseAudio to ALSA to none', async () => {
    const calls: string[] = [];
    const run = (answers: Record<string, string | Error>) => async (cmd: string) => {
      calls.push(cmd);
      const a = answers[cmd];
      if (a === undefined || a instanceof Error) throw a ?? new Error(`${cmd}: not found`);
      return a;
    };
    expect(await listMicrophones({}, run({ pactl: PACTL }))).toMatchObject({ source: 'pulse', microphones: [{ id: 'pulse:alsa_input.usb-C-Media_USB_Headphone_Set-00.mono-fallback' }, { id: 'pulse:counter_mic' }] });
    expect(await listMicrophones({}, run({ pactl: new Error('Connection refused'), arecord: ARECORD_L }))).toMatchObject({ source: 'alsa', microphones: [{ id: 'alsa:default' }, {}] });
    expect(await listMicrophones({}, run({}))).toEqual({ source: 'none', microphones: [] });
  });
});

describe('capture target of a chosen microphone', () => {
  it('records a PulseAudio source through PULSE_SOURCE, with arecord through its pulse device', () => {
    expect(captureTarget('pulse:counter_mic', 'sox')).toEqual({ env: { PULSE_SOURCE: 'counter_mic' } });
    expect(captureTarget('pulse:counter_mic', 'arecord-period')).toEqual({ device: 'pulse', env: { PULSE_SOURCE: 'counter_mic' } });
  });

  it('records an ALSA device with arecord -D, and with sox through its ALSA driver', () => {
    expect(captureTarget('alsa:plughw:CARD=Device,DEV=0', 'arecord')).toEqual({ device: 'plughw:CARD=Device,DEV=0', env: {} });
    expect(captureTarget('alsa:plughw:CARD=Device,DEV=0', 'sox')).toEqual({ device: 'plughw:CARD=Device,DEV=0', env: { AUDIODRIVER: 'alsa' } });
  });

  it('uses the system default for none, or for a name that is not a microphone name', () => {
    expect(captureTarget(null, 'sox')).toEqual({ env: {} });
    expect(captureTarget('pulse:a b', 'sox')).toEqual({ env: {} });
  });
});
