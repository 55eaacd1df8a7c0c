// Layering is enforced here, not by hope: see docs/architecture.md. Each folder lists what it MAY
// import and which globals its runtime has; anything else is a lint error, so a new dependency
// of a layer is a line in this file that review sees, not an accident found at run time.
import { readFileSync } from 'node:fs';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import layering from './eslint-rules/layering.js';

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));
// Tools and tests may use whatever the project declares; an undeclared package still fails.
const DECLARED = ['node:*', ...Object.keys(pkg.dependencies), ...Object.keys(pkg.devDependencies)];
// electron-builder keeps the schema of its options in this package, pinned by its own version.
const TOOL_INTERNALS = ['app-builder-lib'];

// ---- Packages per top folder -------------------------------------------------------------------

// No I/O and no runtime of their own: any layer may use them.
const PURE = ['zod', 'date-fns', '@date-fns/tz', 'ulid'];
const TEST_PACKAGES = ['vitest', 'fast-check', 'fake-indexeddb'];

const SHARED_PACKAGES = [...PURE, 'chinese-days', 'lunar-javascript'];
// @noble/hashes: scrypt in the page, for the counter's offline sign-in (renderer/device/pinVerifier.ts).
// echarts: the lead's day and month charts; exceljs and papaparse: every table to XLSX and CSV.
const RENDERER_PACKAGES = [...PURE, 'react', 'react-dom', 'zustand', 'i18next', 'react-i18next', 'dexie', '@noble/hashes', 'echarts', 'exceljs', 'papaparse'];
const SERVER_PACKAGES = [
  ...PURE,
  'node:*',
  'fastify',
  '@fastify/*',
  'pg',
  '@electric-sql/pglite',
  '@tus/*',
  'tus-js-client',
  'ws',
  'node-record-lpcm16',
  // The hub's own LAN certificate (server/http/branchCertificate.ts): node:crypto cannot issue one.
  'asn1js',
  'pkijs',
  // Head office's monthly reports, made on the server with nobody's browser open: PDF and XLSX.
  'pdfkit',
  'exceljs',
];
const ELECTRON_PACKAGES = [...PURE, 'node:*', 'electron'];

// ---- Globals per runtime -----------------------------------------------------------------------

// What the page and Node both provide beside the language itself: pure code may use these and
// still run in either. Not fetch, WebSocket or storage, which both have too: shared/ does no I/O.
const SHARED_RUNTIME = Object.fromEntries(
  ['console', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'queueMicrotask', 'structuredClone', 'URL', 'URLSearchParams', 'TextEncoder', 'TextDecoder', 'AbortController', 'AbortSignal', 'DOMException'].map((name) => [name, 'readonly']),
);
// A DOM type with no value behind it: no-undef sees TypeScript's type references too.
const DOM_TYPES = { RequestInit: 'readonly' };

// ---- The renderer's inner layers ---------------------------------------------------------------

// Infrastructure of the page: every feature may import these. Each lists the layers below it that
// it may use; a layer never imports a feature.
const RENDERER_LAYERS = {
  i18n: [],
  platform: [],
  testing: [],
  styles: [],
  api: ['platform'],
  audio: ['platform'],
  input: ['platform'],
  speech: ['audio'],
  queue: ['api', 'platform'],
  device: ['api', 'platform', 'queue'],
  ui: ['i18n', 'queue'],
};
// Features import layers, never each other, except the edges listed (why: docs/architecture.md).
// app/ is the composition root and may import every feature.
const FEATURE_EDGES = {
  // Screens composed of other features' panels.
  counter: ['businessDay', 'complaints', 'keypad', 'pause', 'phrases', 'ratings', 'recording', 'signin', 'sync'],
  'counter-display': ['pause', 'phrases', 'ratings', 'recording'],
  lead: ['alerts', 'businessDay', 'complaints', 'evaluation', 'figures', 'notices', 'pause', 'phrases', 'ratings', 'recording', 'serviceRecord', 'signin', 'sync'],
  keypad: ['recording'],
  // A panel acting on something another feature owns.
  businessDay: ['pause'],
  pause: ['counter'],
  phrases: ['counter'],
  ticket: ['kiosk'],
  // The hall rolls the branch's notices beside the calls.
  hall: ['notices'],
  // Head office's figures tabs reuse the lead's table description, exports and fetch hook.
  hq: ['figures'],
  // No edges.
  alerts: [],
  complaints: [],
  evaluation: [],
  figures: [],
  notices: [],
  kiosk: [],
  launcher: [],
  ratings: [],
  recording: [],
  serviceRecord: [],
  signin: [],
  sync: [],
};

const layerNames = Object.keys(RENDERER_LAYERS);
const r = (area) => `renderer/${area}/`;
const TEST_FILES = ['**/*.test.ts', '**/*.test.tsx', '**/*.testing.ts'];

/** Both layering rules for `files`; `own` 2 makes each renderer area its own unit. */
function boundary(files, layer, { packages, folders, own, computed }) {
  const rules = {};
  if (packages) rules['layering/packages'] = ['error', { layer, allow: packages, ...(computed ? { computed } : {}) }];
  if (folders) rules['layering/folders'] = ['error', { layer, allow: folders, ...(own ? { own } : {}) }];
  return { files, rules };
}

/** The folder rule of one renderer area, and the same plus the test doubles for its tests. */
function rendererArea(area, allowed) {
  const folders = ['shared/', ...allowed.map(r)];
  return [
    boundary([`renderer/${area}/**`], `renderer/${area}/`, { folders, own: 2 }),
    boundary(TEST_FILES.map((g) => `renderer/${area}/${g}`), `renderer/${area}/`, { folders: [...folders, r('testing')], own: 2 }),
  ];
}

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'dist-renderer/', 'artifacts/', 'test-results/', 'playwright-report/', 'release/', '.guichet-data/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    plugins: { layering },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
    },
  },
  // Tests poke at JSON answers whose shape is what they assert.
  { files: ['tests/**', '**/*.test.ts', '**/*.test.tsx'], rules: { '@typescript-eslint/no-explicit-any': 'off' } },

  // ---- Globals: Node only where Node runs -----------------------------------------------------
  { files: ['server/**', 'electron/**', 'scripts/**', 'tests/**', 'eslint-rules/**', '*.config.{js,ts,mjs}'], languageOptions: { globals: { ...globals.node } } },
  // Playwright specs hand functions to the page; those bodies see the DOM.
  { files: ['tests/e2e/**'], languageOptions: { globals: { ...globals.node, ...globals.browser } } },
  // Specs take `test` from support/test.ts, which closes what each test opened (why: that file).
  {
    files: ['tests/e2e/**/*.spec.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: '@playwright/test', importNames: ['test', 'expect'], message: "Import test and expect from './support/test.js'." }] }],
    },
  },
  // typescript-eslint turns no-undef off because tsc checks names, but tsc sees Node's types
  // (tsconfig.json) in shared/: here no-undef is what keeps process and Buffer out.
  { files: ['shared/**'], languageOptions: { globals: SHARED_RUNTIME }, rules: { 'no-undef': 'error' } },
  // Tests of pure code run under Node and may read fixtures and set TZ; the code under test may not.
  { files: ['shared/**/*.test.ts'], languageOptions: { globals: { ...SHARED_RUNTIME, ...globals.node } } },
  { files: ['renderer/**'], languageOptions: { globals: { ...globals.browser, ...DOM_TYPES } }, rules: { 'no-undef': 'error' } },

  // ---- Imports: top folders -------------------------------------------------------------------
  // shared/: pure, runs everywhere; no I/O, no UI, no host.
  boundary(['shared/**'], 'shared/', { packages: SHARED_PACKAGES, folders: [] }),
  boundary(['shared/**/*.test.ts'], 'shared/ tests', { packages: [...SHARED_PACKAGES, ...TEST_PACKAGES, 'node:*'] }),
  // renderer/: the page; reaches its machine through the host bridge and the hub over HTTP.
  boundary(['renderer/**'], 'renderer/', { packages: RENDERER_PACKAGES }),
  boundary(['renderer/**'], '* (an area not named in eslint.config.js)', { folders: ['shared/', ...layerNames.map(r)], own: 2 }),
  boundary(TEST_FILES.map((g) => `renderer/${g}`), 'renderer/ tests', { packages: [...RENDERER_PACKAGES, ...TEST_PACKAGES] }),
  boundary(TEST_FILES.map((g) => `renderer/${g}`), '* (an area not named in eslint.config.js)', { folders: ['shared/', ...layerNames.map(r), r('testing')], own: 2 }),
  // server/: the Node processes (branch hub, head office, the workstation's host services).
  boundary(['server/**'], 'server/', { packages: SERVER_PACKAGES, folders: ['shared/'] }),
  boundary(TEST_FILES.map((g) => `server/${g}`), 'server/ tests', { packages: [...SERVER_PACKAGES, ...TEST_PACKAGES], folders: ['shared/', 'tests/support/'] }),
  // electron/: main and preload; starts server/ code in-process.
  boundary(['electron/**'], 'electron/', { packages: ELECTRON_PACKAGES, folders: ['shared/', 'server/'] }),
  boundary(TEST_FILES.map((g) => `electron/${g}`), 'electron/ tests', { packages: [...ELECTRON_PACKAGES, ...TEST_PACKAGES] }),
  // Tests, tools and config drive everything and load modules by computed path.
  boundary(['tests/**'], 'tests/', { packages: [...DECLARED, ...TOOL_INTERNALS], computed: true, folders: ['shared/', 'server/', 'electron/', 'renderer/'] }),
  boundary(['scripts/**'], 'scripts/', { packages: DECLARED, computed: true, folders: [] }),
  boundary(['eslint-rules/**'], 'eslint-rules/', { packages: ['node:*'], folders: [] }),
  boundary(['*.config.{js,ts,mjs}'], 'config files', { packages: DECLARED }),

  // ---- Imports: inside renderer/ --------------------------------------------------------------
  // Later entries replace the folder rule above for their area; a new area not named here is
  // held to the layers only, like a feature with no edges.
  ...Object.entries(RENDERER_LAYERS).flatMap(([layer, below]) => rendererArea(layer, below)),
  ...Object.entries(FEATURE_EDGES).flatMap(([feature, edges]) => rendererArea(feature, [...layerNames, ...edges])),
  boundary(['renderer/app/**', 'renderer/*.{ts,tsx}'], 'renderer/app/', { folders: ['shared/', 'renderer/'] }),

  {
    files: ['**/*.cjs', '**/*.cts'],
    languageOptions: { sourceType: 'commonjs' },
  },
);
