// Builds what the hosts run: the renderer (Vite) into dist-renderer/, the Node side (server,
// shared, Electron main, benchmarks, the e2e specs' clocked hub) with tsc into dist/, and the
// Electron preload bundled as one CommonJS file. Skips the work when nothing changed since the
// last build.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const stamp = join(root, 'dist', '.build-stamp');
const sources = ['renderer', 'shared', 'server', 'electron', 'assets', 'tests/bench', 'tests/support', 'tests/e2e/support/clockedHub.ts', 'package.json', 'vite.config.ts', 'tsconfig.json', 'tsconfig.build.json'];

function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

const force = process.argv.includes('--force');
const upToDate = existsSync(stamp) && existsSync(join(root, 'dist-renderer', 'index.html')) &&
  sources.every((s) => newestMtime(join(root, s)) <= statSync(stamp).mtimeMs);
if (upToDate && !force) {
  console.log('build: up to date');
  process.exit(0);
}

const started = Date.now();
await build({ configFile: join(root, 'vite.config.ts'), logLevel: 'warn' });
execFileSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit', cwd: root });
// Plain CommonJS modules loaded by path at run time (e.g. server/recording/recorders/*.cjs): tsc skips them.
cpSync(join(root, 'server'), join(root, 'dist/server'), { recursive: true, filter: (src) => statSync(src).isDirectory() || src.endsWith('.cjs') });
if (existsSync(join(root, 'electron/preload/preload.cts'))) {
  await build({
    configFile: false,
    logLevel: 'warn',
    root,
    build: {
      outDir: join(root, 'dist/electron/preload'),
      emptyOutDir: true,
      minify: false,
      sourcemap: true,
      lib: { entry: join(root, 'electron/preload/preload.cts'), formats: ['cjs'], fileName: () => 'preload.cjs' },
      rollupOptions: { external: ['electron'] },
    },
  });
}
writeFileSync(stamp, new Date().toISOString());
console.log(`build: done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
