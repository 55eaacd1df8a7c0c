// Layering is enforced here, not by hope: see docs/architecture.md.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const nodeBuiltins = ['node:*', 'fs', 'path', 'os', 'http', 'https', 'net', 'child_process', 'crypto', 'stream', 'worker_threads'];
const patterns = (groups) => ({ patterns: groups });
const layer = (files, groups) => ({ files, rules: { 'no-restricted-imports': ['error', patterns(groups)] } });

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'dist-renderer/', 'artifacts/', 'test-results/', 'playwright-report/', 'release/', '.guichet-data/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
    },
  },
  // Tests poke at JSON answers whose shape is what they assert.
  { files: ['tests/**', '**/*.test.ts', '**/*.test.tsx'], rules: { '@typescript-eslint/no-explicit-any': 'off' } },
  { files: ['renderer/**'], languageOptions: { globals: { ...globals.browser } } },
  // shared/: pure, runs everywhere; no I/O, no UI, no host.
  layer(['shared/**'], [
    { group: ['**/renderer/**', '**/server/**', '**/electron/**'], message: 'shared/ must not import from renderer/, server/ or electron/' },
    { group: ['electron', 'react', 'react-dom', 'dexie', 'zustand', '@electric-sql/*', 'fastify', '@fastify/*', ...nodeBuiltins], message: 'shared/ is pure: no I/O, UI or host libraries' },
  ]),
  // Tests of pure code may read fixtures from disk; the code under test may not.
  layer(['shared/**/*.test.ts'], [
    { group: ['**/renderer/**', '**/server/**', '**/electron/**'], message: 'shared/ must not import from renderer/, server/ or electron/' },
  ]),
  // renderer/: browser code only; talks to the host through the bridge and to the hub over HTTP.
  layer(['renderer/**'], [
    { group: ['**/server/**', '**/electron/**'], message: 'renderer/ reaches the host through the bridge, never by import' },
    { group: ['electron', '@electric-sql/*', 'fastify', '@fastify/*', ...nodeBuiltins], message: 'renderer/ never imports Node or Electron' },
  ]),
  layer(['server/**'], [
    { group: ['**/renderer/**', '**/electron/**'], message: 'server/ must not import renderer/ or electron/' },
    { group: ['react', 'react-dom', 'electron', 'dexie', 'zustand'], message: 'server/ never imports React or Electron' },
  ]),
  layer(['electron/**'], [
    { group: ['**/renderer/**'], message: 'electron/ must not import renderer/' },
    { group: ['react', 'react-dom', 'dexie', 'zustand'], message: 'electron/ never imports React' },
  ]),
  {
    files: ['**/*.cjs', '**/*.cts'],
    languageOptions: { sourceType: 'commonjs' },
  },
);
