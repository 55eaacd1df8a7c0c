#!/usr/bin/env node
// Generates the hall-screen announcement clips under assets/audio/ (served at /audio/...).
//
//   npm run clips
//
// The clips are committed: the hall screen must speak with no network and no OS voices, and CI does
// not regenerate them. Rerun this script only when a clip is added or changed, then commit
// assets/audio/. Needs espeak-ng and SoX with Ogg Vorbis support
// (Debian/Ubuntu: apt-get install espeak-ng sox libsox-fmt-all).
//
// Deterministic and idempotent: same tools, same bytes (SoX runs with -R, "repeatable" mode, which
// fixes the Ogg stream serial number and the dither seed; espeak-ng is deterministic). Clips that are
// no longer listed here are removed from assets/audio/zh and assets/audio/en.
//
// Layout (site paths; shared/announce/compose.ts composes them, its test checks every one exists):
//   /audio/chime.ogg                  two-tone ding-dong, ~1.2 s
//   /audio/pause-short.ogg            0.25 s silence (the comma in "Number A012, please go ...")
//   /audio/pause-long.ogg             0.6 s silence (between the Chinese and the English sentence)
//   /audio/zh/qing.ogg 请  /audio/zh/hao.ogg 号  /audio/zh/dao.ogg 到  /audio/zh/hao-chuangkou-banli.ogg 号窗口办理
//   /audio/zh/letter-a.ogg .. letter-z.ogg   Latin letters as Chinese speakers say them (see below)
//   /audio/zh/digit-0.ogg .. digit-9.ogg     零 .. 九
//   /audio/zh/shi.ogg                        十 (windows: 12 = 十 二, 20 = 二 十, 23 = 二 十 三)
//   /audio/en/number.ogg  /audio/en/please-go-to-window.ogg
//   /audio/en/letter-a.ogg .. letter-z.ogg
//   /audio/en/digit-0.ogg .. digit-9.ogg     zero .. nine (also windows 1-9)
//   /audio/en/num-10.ogg .. num-19.ogg       ten .. nineteen
//   /audio/en/num-20.ogg, num-30.ogg .. num-90.ogg   twenty .. ninety (23 = num-20 + digit-3)
//
// Chinese voice: espeak-ng 1.51's plain `cmn` voice reads many single characters wrongly (it looks
// up "qing3" for 请 and then speaks it with the English voice as "qing three"), so the Chinese clips
// use `cmn-latn-pinyin`, the same Mandarin voice with Latin read as pinyin, which reads 请 / 号 / 到 /
// 号窗口办理 and the digits correctly. For a single capital letter both Mandarin voices use espeak's
// Chinese-style letter names (A "ei", B "bi", W "da-bu-liu", Y "wai", Z "zi"), which is how letters in
// queue numbers are read aloud in China, so the Chinese clips keep them rather than the English voice.

import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const OUT_DIR = fileURLToPath(new URL('../assets/audio/', import.meta.url));
const SITE_BASE = '/audio';
const RATE = 22050; // Hz, mono
const QUALITY = '1'; // Vorbis quality (-1..10); speech from espeak needs little
const ZH_VOICE = 'cmn-latn-pinyin';
const EN_VOICE = 'en-us';
const ZH_SPEED = '135'; // words per minute; espeak's default is 175
const EN_SPEED = '150';
const ZH_DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
const EN_DIGITS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];
const EN_TEENS = ['ten', 'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen'];
const EN_TENS = ['twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'];
const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'.split('');

function fail(message) {
  console.error(`make-clips: ${message}`);
  process.exit(1);
}

function run(cmd, args) {
  const res = spawnSync(cmd, args, { encoding: 'utf8' });
  if (res.error) fail(`could not run ${cmd}: ${res.error.message}`);
  if (res.status !== 0) fail(`${cmd} ${args.join(' ')} failed (exit ${res.status}):\n${res.stderr}`);
  return res.stdout;
}

function checkTools() {
  const install = 'install them with: apt-get install -y espeak-ng sox libsox-fmt-all';
  const versions = {};
  for (const [tool, flag] of [['espeak-ng', '--version'], ['sox', '--version'], ['soxi', '-h']]) {
    const res = spawnSync(tool, [flag], { encoding: 'utf8' });
    if (res.error) fail(`${tool} is missing (${res.error.code ?? res.error.message}); ${install}`);
    if (tool !== 'soxi') versions[tool] = `${res.stdout}${res.stderr}`.trim().split('\n')[0];
  }
  const formats = /AUDIO FILE FORMATS:(.*)/.exec(spawnSync('sox', ['-h'], { encoding: 'utf8' }).stdout ?? '');
  if (!formats || !/\bvorbis\b/.test(formats[1])) fail(`this sox cannot write Ogg Vorbis; ${install}`);
  const voices = run('espeak-ng', ['--voices']);
  for (const voice of [ZH_VOICE, EN_VOICE]) {
    if (!new RegExp(`\\s${voice}\\s`).test(voices)) fail(`espeak-ng has no voice "${voice}"; ${install}`);
  }
  return {
    espeakNg: /\d+\.\d+(\.\d+)?/.exec(versions['espeak-ng'])?.[0] ?? versions['espeak-ng'],
    sox: /v?\d+\.\d+\.\d+/.exec(versions.sox)?.[0] ?? versions.sox,
  };
}

/** Every voice clip: site path -> what espeak-ng says and with which voice. */
function voiceClips() {
  const clips = [];
  const zh = (name, text) => clips.push({ path: `${SITE_BASE}/zh/${name}.ogg`, lang: 'zh', voice: ZH_VOICE, text });
  const en = (name, text) => clips.push({ path: `${SITE_BASE}/en/${name}.ogg`, lang: 'en', voice: EN_VOICE, text });
  zh('qing', '请');
  zh('hao', '号');
  zh('dao', '到');
  zh('hao-chuangkou-banli', '号窗口办理');
  zh('shi', '十');
  ZH_DIGITS.forEach((text, d) => zh(`digit-${d}`, text));
  for (const l of LETTERS) zh(`letter-${l.toLowerCase()}`, l);
  en('number', 'Number');
  en('please-go-to-window', 'please go to window');
  EN_DIGITS.forEach((text, d) => en(`digit-${d}`, text));
  EN_TEENS.forEach((text, i) => en(`num-${10 + i}`, text));
  EN_TENS.forEach((text, i) => en(`num-${20 + 10 * i}`, text));
  for (const l of LETTERS) en(`letter-${l.toLowerCase()}`, l);
  return clips;
}

const fileOf = (sitePath) => join(OUT_DIR, sitePath.slice(SITE_BASE.length + 1));
// -R: repeatable (fixed Ogg serial number and dither seed), so reruns give identical bytes.
const encode = ['-R', '-r', String(RATE), '-c', '1', '-C', QUALITY];
// Trim silence at both ends with a 5 ms fade at each new edge against clicks (the fade-out is applied
// while reversed: after `silence` the length is unknown, so `fade` cannot address the end).
const trim = ['silence', '1', '0.05', '0.5%', 'reverse', 'silence', '1', '0.05', '0.5%', 'fade', 'h', '0.005', 'reverse', 'fade', 'h', '0.005'];

function makeVoiceClip(clip, work) {
  const wav = join(work, 'voice.wav');
  const speed = clip.lang === 'zh' ? ZH_SPEED : EN_SPEED;
  run('espeak-ng', ['-v', clip.voice, '-s', speed, '-w', wav, clip.text]);
  // Trimmed so clips join without gaps, normalised to -1 dBFS.
  run('sox', ['-R', wav, ...encode, fileOf(clip.path), ...trim, 'gain', '-n', '-1']);
}

function makeChime(work) {
  // "Ding" E5 then "dong" C5, each a sine with a quieter octave partial and a bell-like decay;
  // the dong starts while the ding rings out. Peak -7 dBFS: pure tones sound louder than speech at
  // the same peak; this puts the chime's RMS level just under the Chinese voice's.
  const tone = (name, freq, length) => {
    const file = join(work, `${name}.wav`);
    run('sox', ['-R', '-n', '-r', String(RATE), '-c', '2', file, 'synth', String(length), 'sine', String(freq), 'sine', String(freq * 2),
      'remix', '1v0.8,2v0.2', 'fade', 'p', '0.01', String(length), String(length - 0.01)]);
    return file;
  };
  const ding = tone('ding', 659.25, 0.7);
  const dong = tone('dong', 523.25, 0.8);
  const dongLate = join(work, 'dong-late.wav');
  run('sox', ['-R', dong, dongLate, 'pad', '0.4']);
  run('sox', ['-R', '-m', ding, dongLate, ...encode, fileOf(`${SITE_BASE}/chime.ogg`), 'gain', '-n', '-7', 'fade', 'h', '0', '-0', '0.15']);
}

function makePause(name, seconds) {
  run('sox', ['-R', '-n', ...encode, fileOf(`${SITE_BASE}/${name}.ogg`), 'trim', '0', String(seconds)]);
}

function durationMs(file) {
  const seconds = Number(execFileSync('soxi', ['-D', file], { encoding: 'utf8' }).trim());
  if (!Number.isFinite(seconds) || seconds <= 0) fail(`soxi reports no duration for ${file}`);
  return Math.round(seconds * 1000);
}

function main() {
  const tools = checkTools();
  const clips = voiceClips();
  mkdirSync(join(OUT_DIR, 'zh'), { recursive: true });
  mkdirSync(join(OUT_DIR, 'en'), { recursive: true });

  // Remove clips this script no longer makes (only in the folders it owns).
  const wanted = new Set(clips.map((c) => fileOf(c.path)));
  for (const dir of ['zh', 'en']) {
    for (const name of readdirSync(join(OUT_DIR, dir))) {
      const file = join(OUT_DIR, dir, name);
      if (name.endsWith('.ogg') && !wanted.has(file)) rmSync(file);
    }
  }

  const work = mkdtempSync(join(tmpdir(), 'guichet-clips-'));
  try {
    makeChime(work);
    makePause('pause-short', 0.25);
    makePause('pause-long', 0.6);
    for (const clip of clips) makeVoiceClip(clip, work);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }

  const entries = [
    { path: `${SITE_BASE}/chime.ogg`, lang: null, voice: null, text: '(ding-dong)' },
    { path: `${SITE_BASE}/pause-short.ogg`, lang: null, voice: null, text: '(silence)' },
    { path: `${SITE_BASE}/pause-long.ogg`, lang: null, voice: null, text: '(silence)' },
    ...clips,
  ].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));

  const manifest = {
    description: 'Hall announcement clips, generated by scripts/make-clips.mjs (npm run clips). Paths are site paths; assets/ is served at /.',
    format: `Ogg Vorbis, mono, ${RATE} Hz, quality ${QUALITY}`,
    tools: { 'espeak-ng': tools.espeakNg, sox: tools.sox, voices: { zh: ZH_VOICE, en: EN_VOICE } },
    totalBytes: 0,
    clips: {},
  };
  for (const entry of entries) {
    const file = fileOf(entry.path);
    const bytes = statSync(file).size;
    manifest.totalBytes += bytes;
    manifest.clips[entry.path] = { durationMs: durationMs(file), bytes, text: entry.text, ...(entry.voice ? { voice: entry.voice } : {}) };
  }
  writeFileSync(join(OUT_DIR, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);

  const total = manifest.totalBytes;
  console.log(`make-clips: ${entries.length} clips, ${(total / 1024).toFixed(1)} KiB of audio in ${OUT_DIR}`);
}

main();
