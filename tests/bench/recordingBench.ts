// Counter recording: what capture and encoding cost in CPU, and what a recording costs on disk.
// CPU is process.cpuUsage() (all threads, the encoder worker included) and, for the capture
// program, the CPU of reaped children (/proc/self/stat), so figures are per hour of audio.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { newId } from '../../shared/ids.js';
import { DEFAULT_RECORDING_SETTINGS } from '../../shared/recording/settings.js';
import { CounterRecorder } from '../../server/recording/counterRecorder.js';
import type { CaptureSource, FinishedRecording } from '../../server/recording/counterRecorder.js';
import { OPUS_BITRATE, OPUS_COMPLEXITY, OpusWorkerEncoder } from '../../server/recording/opusEncoder.js';
import { PulseAudio, audioToolsMissing, makeSpeech } from '../support/pulseAudio.js';

const run = promisify(execFile);
const HOUR = 3600;

function cpuSeconds(since: NodeJS.CpuUsage): number {
  const u = process.cpuUsage(since);
  return (u.user + u.system) / 1e6;
}

/** CPU seconds used so far by our child process named `comm` (Linux /proc), or NaN. */
function childCpuSeconds(comm: string): number {
  try {
    for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
      let stat: string;
      try {
        stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      } catch {
        continue;
      }
      const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      // after "pid (comm) ": state, ppid, ... utime and stime are the 12th and 13th fields
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (name === comm && Number(fields[1]) === process.pid) return (Number(fields[11]) + Number(fields[12])) / 100;
    }
  } catch {
    // not Linux
  }
  return Number.NaN;
}

/** 16 kHz mono speech (espeak-ng) as raw samples, or a synthetic voice-like signal without it. */
async function speechPcm(dir: string): Promise<Int16Array> {
  if (audioToolsMissing().filter((t) => t === 'espeak-ng' || t === 'sox').length === 0) {
    const wav = join(dir, 'speech.wav');
    await makeSpeech(
      'Good morning. Please have a seat. I would like to transfer money to my daughter abroad, and I need to update the phone number on my account. ' +
        'Of course, may I see your identity card? Thank you. Please sign here, and here. Is there anything else I can do for you today?',
      wav,
    );
    await run('sox', [wav, '-t', 'raw', '-e', 'signed-integer', '-b', '16', '-r', '16000', '-c', '1', join(dir, 'speech.raw')]);
    const b = readFileSync(join(dir, 'speech.raw'));
    return new Int16Array(b.buffer, b.byteOffset, b.byteLength / 2);
  }
  const out = new Int16Array(16000 * 10);
  for (let i = 0; i < out.length; i++) out[i] = Math.round(5000 * Math.sin((2 * Math.PI * 180 * i) / 16000) * (0.5 + 0.5 * Math.sin(i / 800)) + (Math.random() - 0.5) * 800);
  return out;
}

/** `seconds` of audio looped from `source`, in sox-sized chunks (4096 bytes). */
function* chunks(source: Int16Array, seconds: number): Generator<Buffer> {
  const total = seconds * 16000;
  const per = 2048;
  for (let at = 0; at < total; at += per) {
    const c = Buffer.alloc(per * 2);
    for (let i = 0; i < per; i++) c.writeInt16LE(source[(at + i) % source.length]!, i * 2);
    yield c;
  }
}

/** The encoder worker alone: PCM pushed as fast as it takes it. */
async function encoderOnly(pcm: Int16Array, seconds: number, complexity: number): Promise<string> {
  const enc = new OpusWorkerEncoder({ complexity });
  let bytes = 0;
  enc.onPackets((b) => (bytes += b.packets.reduce((n, p) => n + p.length, 0)));
  await enc.drained();
  const cpu0 = process.cpuUsage();
  const t0 = Date.now();
  let index = 0;
  for (let at = 0; at < seconds * 16000; at += 16000) {
    const second = new Int16Array(16000);
    for (let i = 0; i < 16000; i++) second[i] = pcm[(at + i) % pcm.length]!;
    enc.encode(index, second, t0);
    index += 50;
    if (index % 3000 === 0) await enc.drained(); // a minute at a time: bounded memory
  }
  await enc.drained();
  const cpu = cpuSeconds(cpu0);
  const wall = (Date.now() - t0) / 1000;
  await enc.close();
  return `encoder worker, complexity ${complexity}: ${((cpu / seconds) * HOUR).toFixed(1)} CPU s per hour of audio (${(seconds / wall).toFixed(0)}x real time), ${((bytes / seconds) * HOUR / 1e6).toFixed(1)} MB/h of Opus packets`;
}

/** The whole recorder (framing, worker encoding, segmenting, Ogg pages, fsync'ed writes) fed faster than real time. */
async function pipeline(pcm: Int16Array, seconds: number): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), 'guichet-recording-bench-'));
  let feed: ((b: Buffer) => void) | null = null;
  const source: CaptureSource = {
    onData: (cb) => (feed = cb),
    onError: () => {},
    onExit: () => {},
    stop: () => {},
  };
  const recorder = await CounterRecorder.open({ dir, counter: 1, settings: { ...DEFAULT_RECORDING_SETTINGS, minFreeMegabytes: 10 }, spawnCapture: () => source });
  recorder.start();
  const cpu0 = process.cpuUsage();
  const t0 = Date.now();
  recorder.beginService({ recordingId: newId(), ticketId: 'bench', ticketNumber: 'A001', service: 'A', tellerId: 'bench', counter: 1 });
  let encoded = 0;
  recorder.onPacket(() => encoded++);
  let n = 0;
  for (const c of chunks(pcm, seconds)) {
    feed!(c);
    // Every ~13 s of audio, let the worker catch up (in real time it always has).
    if (++n % 100 === 0) while (encoded < (n * 2048) / 320 - 64) await new Promise((r) => setTimeout(r, 1));
  }
  while (encoded < Math.floor((n * 2048) / 320)) await new Promise((r) => setTimeout(r, 1));
  const rec: FinishedRecording = (await recorder.endService())!;
  const cpu = cpuSeconds(cpu0);
  const wall = (Date.now() - t0) / 1000;
  await recorder.close();
  rmSync(dir, { recursive: true, force: true });
  return [
    `recorder pipeline (frame, encode in worker, segment, Ogg, fsync each second): ${((cpu / seconds) * HOUR).toFixed(1)} CPU s per hour of audio (${(seconds / wall).toFixed(0)}x real time)`,
    `on disk: ${((rec.bytes / (rec.durationMs / 1000)) * HOUR / 1e6).toFixed(2)} MB per hour of speech (Ogg Opus, ${OPUS_BITRATE / 1000} kbit/s VBR, complexity ${OPUS_COMPLEXITY}; ${(rec.durationMs / 1000).toFixed(0)} s recorded)`,
  ];
}

/** Real capture: sox through node-record-lpcm16 from a PulseAudio virtual microphone, speech playing. */
async function realCapture(wavDir: string, seconds: number): Promise<string[]> {
  const missing = audioToolsMissing();
  if (missing.length) return [`real capture: skipped (missing ${missing.join(', ')})`];
  const pulse = await PulseAudio.start();
  const dir = mkdtempSync(join(tmpdir(), 'guichet-recording-bench-'));
  try {
    const recorder = await CounterRecorder.open({ dir, counter: 1, settings: { ...DEFAULT_RECORDING_SETTINGS, minFreeMegabytes: 10 }, env: pulse.env });
    recorder.start();
    const started = Date.now();
    while (recorder.state().detail !== 'idle') {
      if (Date.now() - started > 20_000) throw new Error(`capture did not start: ${JSON.stringify(recorder.state())}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    // One long paplay (speech repeated), so no process is started while we measure.
    const long = join(wavDir, 'long.wav');
    await run('sox', [join(wavDir, 'speech.wav'), long, 'repeat', String(Math.ceil(seconds / 5)), 'trim', '0', String(seconds + 2)]);
    const playing = pulse.play(long);
    const sox0 = childCpuSeconds('sox');
    const cpu0 = process.cpuUsage();
    const t0 = Date.now();
    recorder.beginService({ recordingId: newId(), ticketId: 'bench', ticketNumber: 'A001', service: 'A', tellerId: 'bench', counter: 1 });
    await new Promise((r) => setTimeout(r, seconds * 1000));
    const rec = (await recorder.endService())!;
    const wall = (Date.now() - t0) / 1000;
    const node = cpuSeconds(cpu0);
    const sox = childCpuSeconds('sox') - sox0;
    await recorder.close();
    await playing.catch(() => {});
    return [
      `real capture for ${wall.toFixed(0)} s (sox <- PulseAudio, speech playing): node ${((node / wall) * HOUR).toFixed(1)} CPU s/h, ` +
        `sox ${Number.isNaN(sox) ? 'n/a' : ((sox / wall) * HOUR).toFixed(1)} CPU s/h, ` +
        `file ${((rec.bytes / (rec.durationMs / 1000)) * HOUR / 1e6).toFixed(2)} MB/h`,
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await pulse.stop();
  }
}

export async function recordingBench(): Promise<string[]> {
  const work = mkdtempSync(join(tmpdir(), 'guichet-recording-bench-'));
  try {
    const pcm = await speechPcm(work);
    const lines: string[] = [];
    lines.push(await encoderOnly(pcm, 600, OPUS_COMPLEXITY));
    lines.push(await encoderOnly(pcm, 600, 10));
    lines.push(...(await pipeline(pcm, 600)));
    lines.push(...(await realCapture(work, Number(process.env.BENCH_CAPTURE_SECONDS ?? 20))));
    return lines;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
