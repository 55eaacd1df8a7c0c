#!/usr/bin/env node
// Generates the spoken clips of the standard phrases (服务用语) under assets/audio/phrases/
// (served at /audio/phrases/...), one per phrase and language, for the phrase catalogue the app
// ships with (shared/phrases/data/bank.ts: its phrases, special prompts and holiday greetings).
//
//   node scripts/make-phrase-clips.mjs
//
// Like the announcement clips (scripts/make-clips.mjs), the clips are committed: the counter
// speaks a phrase with no network and no OS voice. Rerun after changing the bank catalogue, then
// commit assets/audio/phrases/. A clip is only ever played while its text (kept in the manifest)
// is the phrase's current text, so a catalogue head office replaced falls back by itself
// (renderer/speech/phraseSpeaker.ts). Phrases with a slot the teller fills in ("××"/"XX") get no
// clip: they are said by the teller, never played.
//
// Needs espeak-ng and SoX with Ogg Vorbis support (apt-get install espeak-ng sox libsox-fmt-all).
// Deterministic: SoX runs with -R (fixed Ogg serial and dither), espeak-ng is deterministic.
//
// Voices: Mandarin reads the zh-CN text with `cmn-latn-pinyin` (espeak-ng 1.51's plain `cmn`
// voice switches to English for many characters; see make-clips.mjs); the script fails if the
// Mandarin voice would fall back to English anywhere. English reads the en text with `en-us`.
//
// Layout: /audio/phrases/zh/<phrase id>.ogg, /audio/phrases/en/<phrase id>.ogg and
// /audio/phrases/manifest.json ({clips: {path: {durationMs, bytes, text, voice}}, phrases:
// {id: {zh, en}}}); shared/phrases/speech.ts reads it (phraseClipPath gives the same paths).

import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ts from 'typescript';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const OUT_DIR = join(ROOT, 'assets/audio/phrases');
const SITE_BASE = '/audio/phrases';
const RATE = 16000; // Hz, mono: speech only, sentences are long
const QUALITY = '-1'; // Vorbis quality (-1..10): the lowest is plenty for espeak's voice
const VOICES = { zh: 'cmn-latn-pinyin', en: 'en-us' };
const SPEED = { zh: '150', en: '160' }; // words per minute (espeak's default is 175)
const TEXT_OF = { zh: 'zh-CN', en: 'en' };

function fail(message) {
  console.error(`make-phrase-clips: ${message}`);
  process.exit(1);
}

function run(cmd, args) {
  const res = spawnSync(cmd, args, { encoding: 'utf8' });
  if (res.error) fail(`could not run ${cmd}: ${res.error.message}`);
  if (res.status !== 0) fail(`${cmd} ${args.join(' ')} failed (exit ${res.status}):\n${res.stderr}`);
  return res.stdout;
}

/** The bank catalogue, from its TypeScript source (it has type-only imports, so it stands alone). */
async function loadBankCatalogue(work) {
  const source = readFileSync(join(ROOT, 'shared/phrases/data/bank.ts'), 'utf8');
  const js = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } }).outputText;
  const file = join(work, 'bank.mjs');
  writeFileSync(file, js);
  return (await import(pathToFileURL(file).href)).bankCatalogue;
}

const hasFillIn = (text) => text['zh-CN'].includes('××') || text['zh-TW'].includes('××') || /\bXX\b/.test(text.en);

function tools() {
  const espeak = run('espeak-ng', ['--version']).trim();
  const sox = spawnSync('sox', ['--version'], { encoding: 'utf8' }).stdout.trim();
  const voices = run('espeak-ng', ['--voices']);
  for (const voice of Object.values(VOICES)) if (!new RegExp(`\\s${voice}\\s`).test(voices)) fail(`espeak-ng has no voice "${voice}"`);
  return { espeakNg: /\d+\.\d+(\.\d+)?/.exec(espeak)?.[0] ?? espeak, sox: /v?\d+\.\d+\.\d+/.exec(sox)?.[0] ?? sox };
}

const trim = ['silence', '1', '0.05', '0.5%', 'reverse', 'silence', '1', '0.05', '0.5%', 'fade', 'h', '0.005', 'reverse', 'fade', 'h', '0.005'];

function makeClip(clip, work) {
  if (clip.lang === 'zh') {
    // espeak-ng marks a switch to another voice as "(en)" in its phoneme output.
    const phonemes = run('espeak-ng', ['-q', '-x', '-v', VOICES.zh, clip.text]);
    if (phonemes.includes('(en)')) fail(`the Mandarin voice reads part of "${clip.text}" as English`);
  }
  const wav = join(work, 'voice.wav');
  run('espeak-ng', ['-v', VOICES[clip.lang], '-s', SPEED[clip.lang], '-w', wav, clip.text]);
  run('sox', ['-R', wav, '-r', String(RATE), '-c', '1', '-C', QUALITY, join(OUT_DIR, clip.lang, `${clip.id}.ogg`), ...trim, 'gain', '-n', '-1']);
}

function durationMs(file) {
  const seconds = Number(execFileSync('soxi', ['-D', file], { encoding: 'utf8' }).trim());
  if (!Number.isFinite(seconds) || seconds <= 0) fail(`soxi reports no duration for ${file}`);
  return Math.round(seconds * 1000);
}

async function main() {
  const versions = tools();
  const work = mkdtempSync(join(tmpdir(), 'guichet-phrase-clips-'));
  try {
    const catalogue = await loadBankCatalogue(work);
    const phrases = [...catalogue.phrases, ...catalogue.holidayGreetings].filter((p) => !hasFillIn(p.text));
    const clips = phrases.flatMap((p) => ['zh', 'en'].map((lang) => ({ id: p.id, lang, text: p.text[TEXT_OF[lang]], path: `${SITE_BASE}/${lang}/${p.id}.ogg` })));

    for (const lang of ['zh', 'en']) {
      mkdirSync(join(OUT_DIR, lang), { recursive: true });
      const wanted = new Set(clips.filter((c) => c.lang === lang).map((c) => `${c.id}.ogg`));
      for (const name of readdirSync(join(OUT_DIR, lang))) if (name.endsWith('.ogg') && !wanted.has(name)) rmSync(join(OUT_DIR, lang, name));
    }
    for (const clip of clips) makeClip(clip, work);

    const manifest = {
      description: `Spoken standard phrases of the "${catalogue.id}" catalogue (version ${catalogue.version}), generated by scripts/make-phrase-clips.mjs. Paths are site paths; assets/ is served at /.`,
      format: `Ogg Vorbis, mono, ${RATE} Hz, quality ${QUALITY}`,
      tools: { 'espeak-ng': versions.espeakNg, sox: versions.sox, voices: VOICES },
      catalogue: { id: catalogue.id, version: catalogue.version },
      totalBytes: 0,
      clips: {},
      phrases: {},
    };
    for (const clip of [...clips].sort((a, b) => (a.path < b.path ? -1 : 1))) {
      const file = join(OUT_DIR, clip.lang, `${clip.id}.ogg`);
      const bytes = statSync(file).size;
      manifest.totalBytes += bytes;
      manifest.clips[clip.path] = { durationMs: durationMs(file), bytes, text: clip.text, voice: VOICES[clip.lang] };
      manifest.phrases[clip.id] = { ...manifest.phrases[clip.id], [clip.lang]: clip.path };
    }
    writeFileSync(join(OUT_DIR, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    const seconds = Object.values(manifest.clips).reduce((s, c) => s + c.durationMs, 0) / 1000;
    console.log(`make-phrase-clips: ${clips.length} clips (${phrases.length} phrases), ${seconds.toFixed(0)} s, ${(manifest.totalBytes / 1024).toFixed(1)} KiB in ${OUT_DIR}`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

await main();
