// `npm start`: the Electron app where its binary can be had; otherwise one clear sentence and
// the same demo in the browser host. `npm run web` (--web): the browser host alone.
// GUICHET_PORT and GUICHET_DATA_DIR are passed through to either host.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const webOnly = process.argv.includes('--web');

const built = spawnSync(process.execPath, [join(root, 'scripts/build.mjs')], { stdio: 'inherit', cwd: root });
if (built.status !== 0) process.exit(built.status ?? 1);

/** The Electron binary's path, fetching it on first use; null with the reason when it cannot be had. */
function electronBinary() {
  const pkg = join(root, 'node_modules/electron');
  if (!existsSync(pkg)) return { path: null, why: 'the electron package is not installed' };
  const fetched = spawnSync(process.execPath, [join(pkg, 'install.js')], { cwd: pkg, encoding: 'utf8', timeout: 180_000 });
  const pathFile = join(pkg, 'path.txt');
  if (fetched.status !== 0 || !existsSync(pathFile)) {
    return { path: null, why: 'its binary could not be downloaded (no network access to the Electron release server)' };
  }
  const bin = join(pkg, 'dist', readFileSync(pathFile, 'utf8'));
  if (!existsSync(bin)) return { path: null, why: 'its binary is missing after install' };
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    return { path: null, why: 'there is no graphical display (DISPLAY is not set)' };
  }
  return { path: bin, why: '' };
}

function run(cmd, args) {
  const child = spawn(cmd, args, { stdio: 'inherit', cwd: root, env: process.env });
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
  // The host prints its own start-up failure as one sentence (port in use, data folder locked);
  // this only covers a program that could not be started at all.
  child.on('error', (err) => {
    console.error(`Guichet could not start ${cmd}: ${err.code ?? err.message}.`);
    process.exit(1);
  });
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

if (!webOnly) {
  const electron = electronBinary();
  if (electron.path) {
    run(electron.path, [root]);
  } else {
    console.log(`Electron cannot start here because ${electron.why}, so Guichet runs the same demo in the browser host instead.`);
    run(process.execPath, [join(root, 'dist/server/main.js')]);
  }
} else {
  run(process.execPath, [join(root, 'dist/server/main.js')]);
}
