// The microphones a counter can record from, as the capture programs name them. On a desktop
// with PulseAudio (or PipeWire's pulse server) every microphone is a PulseAudio source, whatever
// program captures: both sox and arecord (through ALSA's pulse plugin) honour PULSE_SOURCE. With
// no sound server, arecord -L's hardware devices are listed instead. Parsers are pure; listing
// runs the programs through an injected `run`.
import { execFile } from 'node:child_process';
import type { Microphone } from '../../shared/recording/hostChannels.js';
import type { RecorderProgram } from './lpcm16Capture.js';

/** `pactl list sources` (long form): every source but the monitors of outputs. */
export function parsePulseSources(text: string): Microphone[] {
  const out: Microphone[] = [];
  for (const block of text.split(/^Source #\d+\s*$/m).slice(1)) {
    const name = /^\s*Name:\s*(.+)$/m.exec(block)?.[1]?.trim();
    const description = /^\s*Description:\s*(.+)$/m.exec(block)?.[1]?.trim();
    const monitor = /device\.class\s*=\s*"monitor"/.test(block) || /^\s*Monitor of Sink:\s*(?!n\/a)\S/m.test(block);
    if (!name || monitor) continue;
    const id = `pulse:${name}`;
    if (MICROPHONE_ID.test(id)) out.push({ id, label: description || name });
  }
  return out;
}

/** `arecord -L`: the hardware capture devices (plughw: converts rate and format) and `default`. */
export function parseAlsaDevices(text: string): Microphone[] {
  const out: Microphone[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const name = lines[i]!;
    if (!name || /^\s/.test(name)) continue;
    if (name !== 'default' && !name.startsWith('plughw:')) continue;
    const description: string[] = [];
    while (i + 1 < lines.length && /^\s+\S/.test(lines[i + 1]!)) description.push(lines[++i]!.trim());
    const id = `alsa:${name}`;
    if (MICROPHONE_ID.test(id)) out.push({ id, label: description.join(', ') || name });
  }
  return out;
}

/** Same rule as the MicrophoneId schema: names go to a program's arguments and environment. */
const MICROPHONE_ID = /^(pulse|alsa):[A-Za-z0-9_.:=,@+-]{1,200}$/;

/** How `program` records from microphone `id` (null: the system's default input). */
export function captureTarget(id: string | null, program: RecorderProgram): { device?: string; env: Record<string, string> } {
  if (!id || !MICROPHONE_ID.test(id)) return { env: {} };
  const [kind, name] = [id.slice(0, id.indexOf(':')), id.slice(id.indexOf(':') + 1)];
  const arecord = program.startsWith('arecord');
  if (kind === 'pulse') return arecord ? { device: 'pulse', env: { PULSE_SOURCE: name } } : { env: { PULSE_SOURCE: name } };
  // An ALSA device: arecord -D; sox reads AUDIODEV, with its ALSA driver rather than its default one.
  return arecord ? { device: name, env: {} } : { device: name, env: { AUDIODRIVER: 'alsa' } };
}

export type RunProgram = (cmd: string, args: string[], env: NodeJS.ProcessEnv) => Promise<string>;

const runProgram: RunProgram = (cmd, args, env) =>
  new Promise((resolve, reject) =>
    execFile(cmd, args, { env: { ...process.env, ...env, LC_ALL: 'C' }, timeout: 5000, maxBuffer: 1 << 20 }, (err, stdout) => (err ? reject(err) : resolve(stdout))),
  );

/** PulseAudio's sources when a sound server answers, else ALSA's devices, else none. */
export async function listMicrophones(env: NodeJS.ProcessEnv = {}, run: RunProgram = runProgram): Promise<{ source: 'pulse' | 'alsa' | 'none'; microphones: Microphone[] }> {
  try {
    return { source: 'pulse', microphones: parsePulseSources(await run('pactl', ['list', 'sources'], env)) };
  } catch {
    // No pactl, or no server running: fall through to ALSA.
  }
  try {
    return { source: 'alsa', microphones: parseAlsaDevices(await run('arecord', ['-L'], env)) };
  } catch {
    return { source: 'none', microphones: [] };
  }
}
