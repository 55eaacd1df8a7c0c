import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Protocol } from 'electron';
import { APP_SCHEME_PRIVILEGES, createAppRequestHandler, registerAppScheme, resolveAppPath } from './protocol.js';
import { APP_CSP } from './security.js';

const root = path.resolve('/opt/guichet/dist-renderer');

describe('resolveAppPath', () => {
  it('maps files under the renderer directory', () => {
    expect(resolveAppPath(root, 'guichet://app/assets/index-abc.js')).toEqual({ kind: 'file', filePath: path.join(root, 'assets', 'index-abc.js') });
    expect(resolveAppPath(root, 'guichet://app/audio/zh/qing.ogg?v=2#t')).toEqual({ kind: 'file', filePath: path.join(root, 'audio', 'zh', 'qing.ogg') });
    expect(resolveAppPath(root, 'guichet://app/fonts/Noto%20Sans.woff2')).toEqual({ kind: 'file', filePath: path.join(root, 'fonts', 'Noto Sans.woff2') });
  });

  it('serves index.html for routes', () => {
    const index = { kind: 'spa', filePath: path.join(root, 'index.html') };
    for (const route of ['guichet://app', 'guichet://app/', 'guichet://app/counter/3', 'guichet://app/hall', 'guichet://app/ticket/01J9ZQ?paper=80', 'guichet://app/counter-display/12/']) {
      expect(resolveAppPath(root, route)).toEqual(index);
    }
  });

  it('refuses traversal in every spelling', () => {
    for (const url of [
      'guichet://app/assets/..%2f..%2fsecret.json',
      'guichet://app/assets/..%5c..%5csecret.json',
      'guichet://app/assets/%2E%2E%2F%2E%2E%2Fsecret.json',
      'guichet://app/a%00.js',
      'guichet://app/%E0%A4%A.js',
    ]) {
      expect(resolveAppPath(root, url).kind, url).toBe('refused');
    }
    // The URL parser folds ".." and "%2e%2e" segments itself; what remains must stay inside the root.
    for (const url of ['guichet://app/../../etc/passwd.txt', 'guichet://app/%2e%2e/%2E%2e/etc/passwd.txt']) {
      expect(resolveAppPath(root, url), url).toEqual({ kind: 'file', filePath: path.join(root, 'etc', 'passwd.txt') });
    }
  });

  it('leaves hub paths to the hub', () => {
    expect(resolveAppPath(root, 'guichet://app/api/queue/state')).toMatchObject({ kind: 'missing', reason: expect.stringContaining('hubUrl') });
    expect(resolveAppPath(root, 'guichet://app/host')).toMatchObject({ kind: 'missing' });
    expect(resolveAppPath(root, 'guichet://app/apidocs')).toMatchObject({ kind: 'spa' });
  });

  it('refuses other origins', () => {
    for (const url of ['guichet://evil/index.html', 'guichet://app.evil/x.js', 'file:///etc/passwd', 'http://127.0.0.1:8080/index.html', 'not a url']) {
      expect(resolveAppPath(root, url).kind, url).toBe('refused');
    }
  });
});

describe('registerAppScheme', () => {
  it('registers guichet as a standard, secure, fetchable scheme', () => {
    const calls: unknown[] = [];
    registerAppScheme({ registerSchemesAsPrivileged: (schemes) => calls.push(schemes) } as Pick<Protocol, 'registerSchemesAsPrivileged'>);
    expect(calls).toEqual([[APP_SCHEME_PRIVILEGES]]);
    expect(APP_SCHEME_PRIVILEGES.privileges).toMatchObject({ standard: true, secure: true, supportFetchAPI: true, corsEnabled: true });
  });
});

describe('createAppRequestHandler', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'guichet-renderer-'));
    await mkdir(path.join(dir, 'assets'));
    await writeFile(path.join(dir, 'index.html'), '<!doctype html><div id="root"></div>');
    await writeFile(path.join(dir, 'assets', 'main.js'), 'console.log(1)');
    await writeFile(path.join(dir, '..', `outside-${path.basename(dir)}.txt`), 'secret');
  });
  afterAll(async () => {
    await rm(path.join(dir, '..', `outside-${path.basename(dir)}.txt`), { force: true });
    await rm(dir, { recursive: true, force: true });
  });

  const get = (url: string, method = 'GET') => createAppRequestHandler(dir)(new Request(url, { method }));

  it('serves a file with its type and the CSP', async () => {
    const res = await get('guichet://app/assets/main.js');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(res.headers.get('content-security-policy')).toBe(APP_CSP);
    expect(await res.text()).toBe('console.log(1)');
  });

  it('serves the policy it is given (remote-hub mode names the branch hub)', async () => {
    const res = await createAppRequestHandler(dir, undefined, 'connect-src https://10.0.0.5:8443')(new Request('guichet://app/counter/4'));
    expect(res.headers.get('content-security-policy')).toBe('connect-src https://10.0.0.5:8443');
    const missing = await createAppRequestHandler(dir, undefined, 'connect-src https://10.0.0.5:8443')(new Request('guichet://app/assets/missing.js'));
    expect(missing.headers.get('content-security-policy')).toBe('connect-src https://10.0.0.5:8443');
  });

  it('serves index.html for a route', async () => {
    const res = await get('guichet://app/counter/4');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await res.text()).toContain('id="root"');
  });

  it('answers 404 for a missing asset and 403 for traversal', async () => {
    expect((await get('guichet://app/assets/missing.js')).status).toBe(404);
    expect((await get('guichet://app/api/queue')).status).toBe(404);
    const res = await get(`guichet://app/assets/..%2f..%2foutside-${path.basename(dir)}.txt`);
    expect(res.status).toBe(403);
    expect(await res.text()).not.toContain('secret');
  });

  it('only answers reads', async () => {
    expect((await get('guichet://app/assets/main.js', 'POST')).status).toBe(405);
    const head = await get('guichet://app/assets/main.js', 'HEAD');
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });
});
