// Counter recording: what capture and encoding cost in CPU, what a recording costs on disk, and
// how much audio a SIGKILL mid-service loses (live latency: recordingLiveBench.ts).
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
import { RecorderProcess } from '../support/recorderProcess.js';
import { BENCH_PERIODS, benchDevice, benchRecorders } from './recorderChoice.js';
import type { BenchRecorder } from './recorderChoice.js';

const run = promisify(execFile);
/**
 * The player's latency for the CPU figures. The virtual microphone passes audio on in the player's
 * fragments, so a 30 ms player would wake the capture program 33 times a second (about 25 CPU s/h
 * of arecord's here) where a real microphone delivers at the period asked for.
 */
const PLAYER_LATENCY_MS = Number(process.env.BENCH_PLAYER_LATENCY_MS ?? 1000);
const HOUR = 3600;

function cpuSeconds(since: NodeJS.CpuUsage): number {
  const u = process.cpuUsage(since);
  return (u.user + u.system) / 1e6;
}

/** CPU seconds used so far by our child processes named `comm` (Linux /proc), reaped ones included, or NaN. */
function childCpuSeconds(comm: string): number {
  let total = 0;
  try {
    // Children that exited and were waited for (a live capture stopped): cutime/cstime of this process.
    const self = readFileSync('/proc/self/stat', 'utf8');
    const own = self.slice(self.lastIndexOf(')') + 2).split(' ');
    total += (Number(own[13]) + Number(own[14])) / 100;
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
      if (name === comm && Number(fields[1]) === process.pid) total += (Number(fields[11]) + Number(fields[12])) / 100;
    }
  } catch {
    return Number.NaN; // not Linux
  }
  return total;
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
  const encoded = () => recorder.framesEncoded;
  let n = 0;
  for (const c of chunks(pcm, seconds)) {
    feed!(c);
    // Every ~13 s of audio, let the worker catch up (in real time it always has).
    if (++n % 100 === 0) while (encoded() < (n * 2048) / 320 - 64) await new Promise((r) => setTimeout(r, 1));
  }
  while (encoded() < Math.floor((n * 2048) / 320)) await new Promise((r) => setTimeout(r, 1));
  const rec: FinishedRecording = (await recorder.endService())!;
  const cpu = cpuSeconds(cpu0);
  const wall = (Date.now() - t0) / 1000;
  await recorder.close();
  rmSync(dir, { recursive: true, force: true });
  return [
    `recorder pipeline (frame, encode in worker, segment, Ogg, fsync per block): ${((cpu / seconds) * HOUR).toFixed(1)} CPU s per hour of audio (${(seconds / wall).toFixed(0)}x real time)`,
    `on disk: ${((rec.bytes / (rec.durationMs / 1000)) * HOUR / 1e6).toFixed(2)} MB per hour of speech (Ogg Opus, ${OPUS_BITRATE / 1000} kbit/s VBR, complexity ${OPUS_COMPLEXITY}; ${(rec.durationMs / 1000).toFixed(0)} s recorded)`,
  ];
}

/** CPU seconds used so far by each thread of this process (Linux /proc), by thread id, with its name. */
function threadCpuSeconds(): Map<string, { name: string; s: number }> {
  const out = new Map<string, { name: string; s: number }>();
  try {
    for (const tid of readdirSync('/proc/self/task')) {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.set(tid, { name: stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')), s: (Number(fields[11]) + Number(fields[12])) / 100 });
    }
  } catch {
    // not Linux
  }
  return out;
}

/**
 * Real capture from a PulseAudio virtual microphone with speech playing, through node-record-lpcm16
 * with `program` (sox; or arecord through ALSA's pulse plugin, device `pulse`). Measured after a
 * warm-up, so start-up and JIT compilation are not counted as per-hour cost. `live`: as while a
 * lead listens (every capture block read as it comes); otherwise paced reads, as most of the day.
 */
export async function realCapture(wavDir: string, seconds: number, program: BenchRecorder, live: boolean): Promise<string[]> {
  const comm = program.startsWith('arecord') ? 'arecord' : program; // the child's process name
  const missing = audioToolsMissing();
  if (missing.length) return [`real capture: skipped (missing ${missing.join(', ')})`];
  const pulse = await PulseAudio.start();
  const dir = mkdtempSync(join(tmpdir(), 'guichet-recording-bench-'));
  try {
    const recorder = await CounterRecorder.open({
      dir,
      counter: 1,
      settings: { ...DEFAULT_RECORDING_SETTINGS, minFreeMegabytes: 10 },
      env: pulse.env,
      recorderProgram: program,
      device: benchDevice(program),
      ...BENCH_PERIODS,
    });
    recorder.start();
    recorder.setLive(live);
    const started = Date.now();
    while (recorder.state().detail !== 'idle') {
      if (Date.now() - started > 20_000) {
        await recorder.close();
        return [`real capture with ${program}: did not start (${JSON.stringify(recorder.state())})`];
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    // One long paplay (speech repeated), so no process is started while we measure.
    const long = join(wavDir, 'long.wav');
    await run('sox', [join(wavDir, 'speech.wav'), long, 'repeat', String(Math.ceil((seconds + 10) / 5)), 'trim', '0', String(seconds + 10)]);
    const playing = pulse.play(long, { latencyMs: PLAYER_LATENCY_MS });
    let packets = 0;
    recorder.onPacket(() => packets++); // the live tap, as the host uses it
    recorder.beginService({ recordingId: newId(), ticketId: 'bench', ticketNumber: 'A001', service: 'A', tellerId: 'bench', counter: 1 });
    await new Promise((r) => setTimeout(r, 5000)); // warm-up
    const prog0 = childCpuSeconds(comm);
    const threads0 = threadCpuSeconds();
    const cpu0 = process.cpuUsage();
    const t0 = Date.now();
    await new Promise((r) => setTimeout(r, seconds * 1000));
    const wall = (Date.now() - t0) / 1000;
    const node = cpuSeconds(cpu0);
    const threads1 = threadCpuSeconds();
    const prog = childCpuSeconds(comm) - prog0;
    const rec = (await recorder.endService())!;
    await recorder.close();
    await playing.catch(() => {});
    // The main thread's id is the process id; the busiest other thread is the encoder worker.
    const perThread = [...threads1].map(([tid, t]) => ({ tid, name: t.name, s: t.s - (threads0.get(tid)?.s ?? t.s) }));
    const main = perThread.find((t) => t.tid === String(process.pid))?.s ?? Number.NaN;
    const others = perThread.filter((t) => t.tid !== String(process.pid)).sort((a, b) => b.s - a.s);
    const worker = others[0]?.s ?? 0;
    // The rest by thread name: libuv's pool does the fsyncs, V8's helpers collect garbage.
    const rest = new Map<string, number>();
    for (const t of others.slice(1)) rest.set(t.name, (rest.get(t.name) ?? 0) + t.s);
    const perHour = (s: number) => (Number.isNaN(s) ? 'n/a' : ((s / wall) * HOUR).toFixed(1));
    const total = node + (Number.isNaN(prog) ? 0 : prog);
    return [
      `real capture with ${program} for ${wall.toFixed(0)} s, ${live ? 'a lead listening (second capture in short blocks)' : 'nobody listening'} (PulseAudio virtual mic, speech played with ${PLAYER_LATENCY_MS} ms latency): ` +
        `node ${perHour(node)} CPU s/h (main thread ${perHour(main)}, encoder worker ${perHour(worker)}, ${[...rest].filter(([, v]) => v > 0).map(([n, v]) => `${n} ${perHour(v)}`).join(', ') || 'other threads 0'}), ${program} ${perHour(prog)} CPU s/h, ` +
        `together ${perHour(total)} CPU s/h = ${((total / wall) * 100).toFixed(2)} % of one core; file ${((rec.bytes / (rec.durationMs / 1000)) * HOUR / 1e6).toFixed(2)} MB/h; ${packets} live packets`,
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await pulse.stop();
  }
}

/**
 * Audio lost by a SIGKILL mid-service: what was captured until the kill (pre-roll + service so
 * far, on the child's clock) minus the length of the file repaired at the next start.
 */
async function killLoss(rounds: number): Promise<string[]> {
  const missing = audioToolsMissing();
  if (missing.length) return [`SIGKILL loss: skipped (missing ${missing.join(', ')})`];
  const pulse = await PulseAudio.start();
  const work = mkdtempSync(join(tmpdir(), 'guichet-recording-bench-'));
  const noise = join(work, 'noise.wav');
  await run('sox', ['-n', '-r', '16000', '-c', '1', '-b', '16', noise, 'synth', String(rounds * 15 + 30), 'pinknoise', 'vol', '0.3']);
  const playing = pulse.play(noise).catch(() => {});
  const lost: number[] = [];
  try {
    for (let i = 0; i < rounds; i++) {
      const dir = join(work, `counter-${i}`);
      const opts = { dir, counter: 1, settings: DEFAULT_RECORDING_SETTINGS, env: pulse.env };
      const first = new RecorderProcess(opts);
      await first.next((m) => m.type === 'state' && m.state.detail === 'idle');
      await new Promise((r) => setTimeout(r, DEFAULT_RECORDING_SETTINGS.preRollMs + 200)); // a full pre-roll
      first.send({ type: 'begin', meta: { recordingId: newId(), ticketId: 'bench', ticketNumber: 'A001', service: 'A', tellerId: 'bench', counter: 1 } });
      const { at: begunAt } = await first.next((m) => m.type === 'begun');
      // Killed at a different point of the flush cycle each time.
      await new Promise((r) => setTimeout(r, 3000 + Math.round(Math.random() * 2000)));
      const killedAt = Date.now();
      await first.kill();
      const second = new RecorderProcess(opts);
      const { recordings } = await second.next((m) => m.type === 'repaired');
      second.send({ type: 'close' });
      await second.next((m) => m.type === 'closed').catch(() => second.kill());
      const captured = killedAt - begunAt + DEFAULT_RECORDING_SETTINGS.preRollMs;
      lost.push(captured - (recordings[0]?.durationMs ?? 0));
    }
  } finally {
    await pulse.stop();
    await playing;
    rmSync(work, { recursive: true, force: true });
  }
  const s = summarize(lost);
  return [`SIGKILL mid-service (${rounds} kills, repaired at restart): audio lost median ${s.median.toFixed(0)} ms, max ${s.max.toFixed(0)} ms (each: ${lost.map((l) => l.toFixed(0)).join(', ')} ms)`];
}

function summarize(values: number[]): { median: number; p95: number; max: number } {
  const v = [...values].sort((a, b) => a - b);
  const at = (q: number) => v[Math.min(v.length - 1, Math.ceil(q * v.length) - 1)] ?? Number.NaN;
  return { median: at(0.5), p95: at(0.95), max: v[v.length - 1] ?? Number.NaN };
}

export async function recordingBench(): Promise<string[]> {
  const work = mkdtempSync(join(tmpdir(), 'guichet-recording-bench-'));
  try {
    const pcm = await speechPcm(work);
    const lines: string[] = [];
    for (const complexity of [OPUS_COMPLEXITY, 5, 10]) lines.push(await encoderOnly(pcm, 300, complexity));
    lines.push(...(await pipeline(pcm, 600)));
    lines.push(...(await killLoss(Number(process.env.BENCH_KILLS ?? 5))));
    return lines;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** Each capture program, with nobody listening and with a live listener (BENCH_CAPTURE_SECONDS each). */
export async function recordingCaptureBench(): Promise<string[]> {
  const work = mkdtempSync(join(tmpdir(), 'guichet-recording-bench-'));
  try {
    await speechPcm(work); // leaves speech.wav for the long playback
    const seconds = Number(process.env.BENCH_CAPTURE_SECONDS ?? 60);
    const lines: string[] = [];
    for (const program of benchRecorders()) for (const live of [false, true]) lines.push(...(await realCapture(work, seconds, program, live)));
    return lines;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
