// Live listening latency, microphone to the browser's audio output, all on loopback: tone bursts
// are played into a PulseAudio virtual microphone; a CounterRecorder (sox) encodes them and the
// host's LivePublisher sends the packets to a real hub; Chromium runs the lead's LiveListener
// (bundled from renderer/recording/lead/liveListener.ts) behind an AudioContext whose destination
// is tapped by an AudioWorklet onset detector. Figures per burst:
// - mic -> packet: paplay started (Node wall clock) -> the first loud packet leaves the encoder
//   (decoded here with opusscript to find it);
// - packet -> output: that packet handed to the publisher -> its onset reaches the browser's
//   audio output (AudioContext.getOutputTimestamp(), so the output buffer is included);
// - mic -> output: the sum, measured end to end.
// The start time is when paplay is spawned, so paplay's own start-up (connecting to PulseAudio)
// is counted in mic -> packet: the figures are slightly pessimistic.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { demoBranch } from '../../shared/config/demoBranch.js';
import { DEFAULT_RECORDING_SETTINGS } from '../../shared/recording/settings.js';
import { CounterRecorder } from '../../server/recording/counterRecorder.js';
import { LivePublisher } from '../../server/host/recording/livePublisher.js';
import { BranchUnderTest, actors } from '../support/branchUnderTest.js';
import { PulseAudio, SPEAKER, audioToolsMissing } from '../support/pulseAudio.js';
import { percentile } from './stats.js';
import { BENCH_PERIODS, benchDevice, benchRecorders } from './recorderChoice.js';
import type { BenchRecorder } from './recorderChoice.js';

const run = promisify(execFile);
const COUNTER = 2;
const LOUD = 0.05; // full scale 1; the bursts are at 0.5, silence is silence
const REARM_S = 0.5; // a new onset only after this much quiet

/** Finds the repository root from here (tests/bench in the sources or dist/tests/bench). */
function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    try {
      readFileSync(join(dir, 'renderer', 'recording', 'lead', 'liveListener.ts'));
      return dir;
    } catch {
      dir = resolve(dir, '..');
    }
  }
  throw new Error('repository root not found');
}

/** The lead's LiveListener, bundled for the page as `GuichetLive.LiveListener`. */
async function bundleListener(outDir: string): Promise<string> {
  const { build } = await import('vite');
  const root = repoRoot();
  await build({
    configFile: false,
    root,
    logLevel: 'silent',
    build: {
      outDir,
      emptyOutDir: true,
      minify: false,
      lib: { entry: join(root, 'renderer', 'recording', 'lead', 'liveListener.ts'), name: 'GuichetLive', formats: ['iife'], fileName: () => 'live.js' },
    },
  });
  return readFileSync(join(outDir, 'live.js'), 'utf8');
}

// Runs in the page before the listener: every AudioContext's destination becomes a tap whose
// signal also goes to an onset detector (AudioWorklet, sample-accurate context time).
const PAGE_TAP = String.raw`
window.__onsets = [];
const WORKLET = 'class Onset extends AudioWorkletProcessor { constructor() { super(); this.last = -1e9; }' +
  ' process(inputs) { const ch = inputs[0] && inputs[0][0]; if (ch) for (let i = 0; i < ch.length; i++) {' +
  ' if (Math.abs(ch[i]) > ${LOUD}) { const t = currentTime + i / sampleRate; if (t - this.last > ${REARM_S}) this.port.postMessage(t); this.last = t; } }' +
  ' return true; } } registerProcessor("onset", Onset);';
const Real = window.AudioContext;
window.AudioContext = class extends Real {
  constructor(o) {
    super(o);
    const tap = new GainNode(this);
    tap.connect(super.destination);
    this.__tap = tap;
    window.__ctx = this;
    const url = URL.createObjectURL(new Blob([WORKLET], { type: 'application/javascript' }));
    this.audioWorklet.addModule(url).then(() => {
      const node = new AudioWorkletNode(this, 'onset');
      const mute = new GainNode(this, { gain: 0 });
      tap.connect(node);
      node.connect(mute);
      mute.connect(super.destination);
      node.port.onmessage = (e) => {
        const ts = this.getOutputTimestamp();
        const epochOfPerf = Date.now() - performance.now();
        window.__onsets.push({
          output: epochOfPerf + ts.performanceTime + (e.data - ts.contextTime) * 1000,
          rendered: Date.now() + (e.data - this.currentTime) * 1000,
        });
      };
      window.__ready = true;
    });
  }
  get destination() {
    return this.__tap ?? super.destination;
  }
};
`;

async function enrolCounter(branch: BranchUnderTest): Promise<string> {
  // The window's own counter device: the hub takes live audio only from it.
  const t = await branch.tokens(actors.counter(COUNTER, null));
  if (!t.device) throw new Error('the counter could not enrol');
  return t.device;
}

async function signInLead(branch: BranchUnderTest): Promise<{ device: string; session: string }> {
  // The demo lead at an enrolled lead station (DEMO ONLY PIN in shared/config/demoBranch.ts).
  const t = await branch.tokens(actors.lead());
  if (!t.device || !t.session) throw new Error('the lead station could not sign in');
  return { device: t.device, session: t.session };
}

/** Opus decoder for finding the first loud packet on the Node side. */
function opusDecoder(): { decode(packet: Uint8Array): Int16Array } {
  const OpusScript = createRequire(import.meta.url)('opusscript');
  const dec = new OpusScript(16000, 1, OpusScript.Application.VOIP);
  return {
    decode: (p) => {
      const b: Buffer = dec.decode(Buffer.from(p));
      return new Int16Array(b.buffer, b.byteOffset, b.byteLength / 2);
    },
  };
}

export async function recordingLiveBench(bursts: number, program: BenchRecorder = 'sox'): Promise<string[]> {
  const missing = audioToolsMissing();
  if (missing.length) return [`live latency: skipped (missing ${missing.join(', ')})`];
  const work = mkdtempSync(join(tmpdir(), 'guichet-live-bench-'));
  const burst = join(work, 'burst.wav');
  await run('sox', ['-n', '-r', '16000', '-c', '1', '-b', '16', burst, 'synth', '0.3', 'sine', '1000', 'vol', '0.5']);
  const page = `<!doctype html><meta charset="utf-8"><title>live bench</title><script>${PAGE_TAP}</script><script src="/live.js"></script>`;
  const script = await bundleListener(join(work, 'bundle'));
  const http = createServer((req, res) => {
    res.setHeader('content-type', req.url === '/live.js' ? 'text/javascript' : 'text/html');
    res.end(req.url === '/live.js' ? script : page);
  });
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', () => r()));
  const pageUrl = `http://127.0.0.1:${(http.address() as AddressInfo).port}/`;

  const pulse = await PulseAudio.start();
  const branch = await BranchUnderTest.start(demoBranch('2026-03-05'));
  // The declared @playwright/test re-exports playwright-core's launcher; the core itself is not a dependency of ours.
  const { chromium } = await import('@playwright/test');
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--autoplay-policy=no-user-gesture-required'] });
  const recorder = await CounterRecorder.open({ dir: join(work, 'rec'), counter: COUNTER, settings: { ...DEFAULT_RECORDING_SETTINGS, minFreeMegabytes: 10 }, env: pulse.env, recorderProgram: program, device: benchDevice(program), ...BENCH_PERIODS });
  const publisher = new LivePublisher({ hubUrl: () => branch.url, token: await enrolCounter(branch), counter: COUNTER, stream: { codec: 'opus', sampleRate: 16000, channels: 1, frameMs: 20 }, onHeard: (heard) => recorder.setLive(heard) });
  try {
    // Node side: when the first loud packet of each burst is handed to the publisher.
    const decoder = opusDecoder();
    const packetOnsets: number[] = [];
    let lastLoudPacket = -1e12;
    recorder.onPacket((p) => {
      publisher.send(p);
      const pcm = decoder.decode(p.data);
      let peak = 0;
      for (const s of pcm) peak = Math.max(peak, Math.abs(s));
      if (peak / 32768 > LOUD) {
        const now = Date.now();
        if (now - lastLoudPacket > REARM_S * 1000) packetOnsets.push(now);
        lastLoudPacket = now;
      }
    });
    publisher.start();
    recorder.start();
    const deadline = Date.now() + 20_000;
    while (recorder.state().detail !== 'idle' || !publisher.connected) {
      if (Date.now() > deadline) throw new Error(`capture or publisher did not start: ${JSON.stringify(recorder.state())}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    const tab = await browser.newPage();
    await tab.goto(pageUrl);
    const lead = await signInLead(branch);
    await tab.evaluate(
      ({ hubUrl, credentials, counter }) => {
        const w = globalThis as any;
        w.__listener = new w.GuichetLive.LiveListener({ hubUrl, credentials, counter, onStatus: (s: unknown) => (w.__status = s) });
        w.__listener.start();
      },
      { hubUrl: branch.url, credentials: lead, counter: COUNTER },
    );
    await tab.waitForFunction(() => (globalThis as any).__ready === true && (globalThis as any).__status?.phase === 'playing', undefined, { timeout: 20_000 });
    await new Promise((r) => setTimeout(r, 1000));

    const starts: number[] = [];
    for (let i = 0; i < bursts; i++) {
      starts.push(Date.now());
      await run('paplay', ['-d', SPEAKER, burst], { env: { ...process.env, ...pulse.env } });
      await new Promise((r) => setTimeout(r, 900 + Math.round(Math.random() * 400)));
    }
    await new Promise((r) => setTimeout(r, 1500));
    const page$ = await tab.evaluate(() => {
      const w = globalThis as any;
      return { onsets: w.__onsets as { output: number; rendered: number }[], status: w.__status, state: w.__ctx?.state, baseLatency: w.__ctx?.baseLatency, outputLatency: w.__ctx?.outputLatency };
    });

    const firstAfter = (times: number[], start: number) => times.find((t) => t > start && t < start + 1500);
    const micToPacket: number[] = [];
    const packetToOutput: number[] = [];
    const micToOutput: number[] = [];
    const micToRendered: number[] = [];
    for (const s of starts) {
      const packet = firstAfter(packetOnsets, s);
      const out = firstAfter(page$.onsets.map((o) => o.output), s);
      const rendered = firstAfter(page$.onsets.map((o) => o.rendered), s);
      if (packet !== undefined) micToPacket.push(packet - s);
      if (out !== undefined) micToOutput.push(out - s);
      if (rendered !== undefined) micToRendered.push(rendered - s);
      if (packet !== undefined && out !== undefined) packetToOutput.push(out - packet);
    }
    const fmt = (name: string, v: number[]) =>
      `${name}: median ${percentile(v, 50).toFixed(0)} ms, p95 ${percentile(v, 95).toFixed(0)} ms (${v.length}/${bursts} bursts)`;
    return [
      fmt(`live latency with ${program}, mic -> browser audio output (end to end)`, micToOutput),
      fmt(`  part: mic -> packet out of the encoder (incl. paplay start-up, PulseAudio, ${program})`, micToPacket),
      fmt('  part: packet -> browser audio output (publisher, hub, WebSocket, decode, playout)', packetToOutput),
      fmt('  mic -> rendered by the AudioContext (without the output device buffer)', micToRendered),
      `  browser: AudioContext ${page$.state}, baseLatency ${((page$.baseLatency ?? 0) * 1000).toFixed(0)} ms, outputLatency ${((page$.outputLatency ?? 0) * 1000).toFixed(0)} ms; ` +
        `listener's own figure (packet made -> decoded): median ${page$.status?.latencyMs ?? 'n/a'} ms, max ${page$.status?.maxLatencyMs ?? 'n/a'} ms`,
    ];
  } finally {
    publisher.stop();
    await recorder.close();
    await browser.close();
    await branch.stop();
    await pulse.stop();
    http.close();
    rmSync(work, { recursive: true, force: true });
  }
}

/** Every capture program in turn (BENCH_RECORDERS narrows the list). */
export async function recordingLiveBenches(bursts: number): Promise<string[]> {
  const lines: string[] = [];
  for (const program of benchRecorders()) lines.push(...(await recordingLiveBench(bursts, program)));
  return lines;
}
