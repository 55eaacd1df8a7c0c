import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { load } from 'js-yaml';
import { describe, expect, it } from 'vitest';

// The packaging configuration is the only place the fuses are set: electron-builder flips them in
// the binary it ships. This reads the file itself, so a fuse turned back on (or misspelt, which
// would leave Electron's default in force) fails here rather than in a security review.
const root = fileURLToPath(new URL('../..', import.meta.url));
const config = load(readFileSync(`${root}build/electron-builder.yml`, 'utf8')) as Record<string, unknown>;
const fuses = config.electronFuses as Record<string, unknown> | undefined;

// electron-builder's own JSON schema of the option, so the names are the ones it reads.
const require = createRequire(import.meta.url);
const scheme = require('app-builder-lib/scheme.json') as { definitions: { FuseOptionsV1: { properties: Record<string, unknown> } } };

describe('the Electron fuses in build/electron-builder.yml', () => {
  it('are set', () => {
    expect(fuses).toBeTypeOf('object');
  });

  it.each([
    // ELECTRON_RUN_AS_NODE would turn the signed binary into a plain Node runtime.
    ['runAsNode', false],
    // NODE_OPTIONS (--require a file) and NODE_EXTRA_CA_CERTS (trust another CA).
    ['enableNodeOptionsEnvironmentVariable', false],
    // --inspect / --inspect-brk and SIGUSR1: a debugger in the main process.
    ['enableNodeCliInspectArguments', false],
    // app.asar is checked against the hash embedded in the binary (macOS, Windows).
    ['enableEmbeddedAsarIntegrityValidation', true],
    // No app/ folder or default_app.asar beside it is ever loaded instead.
    ['onlyLoadAppFromAsar', true],
    ['enableCookieEncryption', true],
    // The renderer comes from guichet://, never file://.
    ['grantFileProtocolExtraPrivileges', false],
  ])('%s is %s', (name, value) => {
    expect(fuses?.[name]).toBe(value);
  });

  it('names only options electron-builder knows', () => {
    const known = Object.keys(scheme.definitions.FuseOptionsV1.properties);
    expect(known).toContain('runAsNode');
    for (const name of Object.keys(fuses ?? {})) expect(known).toContain(name);
  });

  it('ships the app as an archive, which the asar fuses need', () => {
    expect(config.asar).toBe(true);
  });
});
