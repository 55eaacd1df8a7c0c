// A node-record-lpcm16 recorder (loaded by absolute path, see lpcm16Capture.ts): arecord with a
// chosen ALSA period; it writes one period at a time. Long periods (500 ms) for the all-day
// recording: arecord, PulseAudio's client thread and Node wake twice a second. Short ones (40 ms)
// for live listening, where the period is most of the mic -> listener delay (arecord's default
// through the pulse plugin is ~128 ms). The buffer stays long enough to ride out a busy CPU.
'use strict';

module.exports = (options) => {
  const periodMs = Number(options.periodMs) > 0 ? Number(options.periodMs) : 40;
  const bufferMs = Math.max(periodMs * 4, 200);
  const args = [
    '-q',
    '-r', String(options.sampleRate),
    '-c', String(options.channels),
    '-t', options.audioType,
    '-f', 'S16_LE',
    `--period-time=${Math.round(periodMs * 1000)}`,
    `--buffer-time=${Math.round(bufferMs * 1000)}`,
    '-',
  ];
  if (options.device) args.unshift('-D', options.device);
  // Through ALSA's pulse plugin, PULSE_LATENCY_MSEC (e.g. 30, set for sox's sake) overrides the
  // period: PulseAudio then hands over 30 ms fragments and arecord writes 20 + 40 ms blocks.
  // process.env already holds the caller's extra variables here (lpcm16Capture's withEnv).
  const env = { ...process.env, PULSE_LATENCY_MSEC: String(periodMs) };
  return { cmd: 'arecord', args, spawnOptions: { env } };
};
