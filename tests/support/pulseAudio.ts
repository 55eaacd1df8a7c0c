// A scratch PulseAudio server with a virtual microphone, for recording tests on machines with
// no sound card: whatever is played into the sink `counter_speaker` is heard by the source
// `counter_mic`. Everything lives in a temporary folder; stop() ends the daemon we started.
import { execFile, spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export const SPEAKER = 'counter_speaker';
export const MICROPHONE = 'counter_mic';

/** The programs these tests need (Debian: pulseaudio pulseaudio-utils sox espeak-ng ffmpeg). */
export function audioToolsMissing(): string[] {
  return ['pulseaudio', 'pactl', 'paplay', 'sox', 'espeak-ng', 'ffprobe', 'ffmpeg'].filter(
    (cmd) => spawnSync('sh', ['-c', `command -v ${cmd}`]).status !== 0,
  );
}

export class PulseAudio {
  private constructor(
    private readonly child: ChildProcess,
    readonly dir: string,
    readonly socket: string,
  ) {}

  /** Environment for clients (pactl, paplay, sox): this server, and a short capture latency. */
  get env(): NodeJS.ProcessEnv {
    // 30 ms latency: sox's first audio comes after ~1 s instead of ~3.7 s with the default.
    return { PULSE_SERVER: `unix:${this.socket}`, PULSE_LATENCY_MSEC: '30' };
  }

  static async start(): Promise<PulseAudio> {
    const dir = mkdtempSync(join(tmpdir(), 'guichet-pulse-'));
    const runtime = join(dir, 'run');
    const home = join(dir, 'home');
    mkdirSync(runtime, { mode: 0o700 });
    mkdirSync(home);
    const env: NodeJS.ProcessEnv = { ...process.env, XDG_RUNTIME_DIR: runtime, HOME: home };
    delete env.PULSE_SERVER;
    const child = spawn(
      'pulseaudio',
      [
        '--daemonize=no',
        '--exit-idle-time=-1',
        '-n', // no default.pa: only the modules below
        '--load=module-native-protocol-unix auth-anonymous=1',
        `--load=module-null-sink sink_name=${SPEAKER} rate=16000 channels=1`,
        `--load=module-remap-source source_name=${MICROPHONE} master=${SPEAKER}.monitor`,
      ],
      { env, stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let stderr = '';
    child.stderr?.on('data', (d) => (stderr += String(d)));
    const pulse = new PulseAudio(child, dir, join(runtime, 'pulse', 'native'));
    const deadline = Date.now() + 20_000;
    while (!existsSync(pulse.socket)) {
      if (child.exitCode !== null || Date.now() > deadline) throw new Error(`pulseaudio did not start:\n${stderr}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    await pulse.pactl('set-default-source', MICROPHONE);
    return pulse;
  }

  pactl(...args: string[]): Promise<{ stdout: string }> {
    return run('pactl', args, { env: { ...process.env, ...this.env } });
  }

  /** Plays a WAV file into the virtual microphone; resolves when it has been played. */
  /**
   * Plays into the virtual microphone. `latencyMs`: the player's buffering. The microphone is the
   * speaker's monitor, so it hands audio to recorders in the player's fragments: the default 30 ms
   * wakes every recorder 33 times a second, whatever it asked for, which a real microphone does not.
   */
  async play(wav: string, opts: { latencyMs?: number } = {}): Promise<void> {
    const env = { ...process.env, ...this.env, ...(opts.latencyMs ? { PULSE_LATENCY_MSEC: String(opts.latencyMs) } : {}) };
    await run('paplay', ['-d', SPEAKER, wav], { env });
  }

  async stop(): Promise<void> {
    if (this.child.exitCode === null) {
      await new Promise<void>((r) => {
        this.child.once('exit', () => r());
        this.child.kill('SIGTERM');
      });
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Speech by espeak-ng, resampled by sox to 16 kHz mono 16-bit WAV; returns its length in seconds. */
export async function makeSpeech(text: string, wav: string): Promise<number> {
  const raw = `${wav}.espeak.wav`;
  await run('espeak-ng', ['-v', 'en', '-w', raw, text]);
  await run('sox', [raw, '-r', '16000', '-c', '1', '-b', '16', wav]);
  rmSync(raw, { force: true });
  const { stdout } = await run('soxi', ['-D', wav]);
  return Number(stdout.trim());
}

/** What ffprobe says of an audio file: codec, rate, channels and duration (seconds). */
export async function probe(file: string): Promise<{ codec: string; sampleRate: number; channels: number; duration: number; format: string }> {
  const { stdout } = await run('ffprobe', ['-v', 'error', '-show_entries', 'stream=codec_name,sample_rate,channels:format=duration,format_name', '-of', 'json', file]);
  const j = JSON.parse(stdout) as { streams: { codec_name: string; sample_rate: string; channels: number }[]; format: { duration: string; format_name: string } };
  const s = j.streams[0]!;
  return { codec: s.codec_name, sampleRate: Number(s.sample_rate), channels: s.channels, duration: Number(j.format.duration), format: j.format.format_name };
}

/**
 * Decodes a whole file with ffmpeg to 16 kHz mono samples; throws on any decoding error
 * (`-xerror`), so a file that merely has a valid header does not pass.
 */
export async function decodeToPcm(file: string): Promise<Int16Array> {
  const { stdout } = await run('ffmpeg', ['-v', 'error', '-xerror', '-i', file, '-f', 's16le', '-ac', '1', '-ar', '16000', '-'], {
    encoding: 'buffer',
    maxBuffer: 512 * 1024 * 1024,
  });
  const buf = stdout as unknown as Buffer;
  return new Int16Array(buf.buffer, buf.byteOffset, Math.floor(buf.byteLength / 2));
}

/** Root-mean-square level of each `windowMs` window (16 kHz samples), 0..1. */
export function levels(samples: Int16Array, windowMs = 100): number[] {
  const n = (16_000 * windowMs) / 1000;
  const out: number[] = [];
  for (let i = 0; i + n <= samples.length; i += n) {
    let sum = 0;
    for (let j = i; j < i + n; j++) sum += samples[j]! * samples[j]!;
    out.push(Math.sqrt(sum / n) / 32768);
  }
  return out;
}
