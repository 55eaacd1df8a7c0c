// Lint passing on a clean tree proves nothing about the layering: an edit to eslint.config.js
// that quietly allowed everything would pass too. These snippets are the imports the layers
// exist to stop, linted as if they were files of each folder, and the ones they must let through.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const eslint = new ESLint({ cwd: root, overrideConfigFile: join(root, 'eslint.config.js') });

const LAYERING = new Set(['layering/packages', 'layering/folders', 'no-undef']);

async function lint(file: string, code: string) {
  const [result] = await eslint.lintText(code, { filePath: join(root, file) });
  return result!.messages;
}

/** The layering reports of a snippet (other rules, such as no-require-imports, may add theirs). */
async function layering(file: string, code: string) {
  return (await lint(file, code)).filter((m) => LAYERING.has(m.ruleId ?? '')).map((m) => ({ rule: m.ruleId, message: m.message }));
}

const forbidden: Array<[what: string, file: string, code: string, rule: string, says: RegExp]> = [
  // shared/: pure code, no I/O, no host.
  ['shared/ importing pg', 'shared/sync/probe.ts', "import pg from 'pg';\nexport const p = pg;\n", 'layering/packages', /shared\/ may not import 'pg'/],
  ['shared/ importing node:fs', 'shared/sync/probe.ts', "import { readFileSync } from 'node:fs';\nexport const r = readFileSync;\n", 'layering/packages', /'node:fs'/],
  ['shared/ importing events', 'shared/sync/probe.ts', "export { EventEmitter } from 'events';\n", 'layering/packages', /'events'/],
  ['shared/ importing ws', 'shared/sync/probe.ts', "export * from 'ws';\n", 'layering/packages', /'ws'/],
  ['shared/ importing @tus/server', 'shared/sync/probe.ts', "export { Server } from '@tus/server';\n", 'layering/packages', /'@tus\/server'/],
  ['shared/ reaching server/ through import()', 'shared/sync/probe.ts', "export const boot = () => import('../../server/main.js');\n", 'layering/folders', /server\/main\.js.*server\/ is not on shared\/'s allow-list/],
  ['shared/ re-exporting renderer/', 'shared/sync/probe.ts', "export * from '../../renderer/ui/format.js';\n", 'layering/folders', /renderer\/ui\/format\.js/],
  ['shared/ calling require()', 'shared/sync/probe.ts', "export const zlib = require('zlib');\n", 'layering/packages', /'zlib'/],
  ['shared/ importing a computed name', 'shared/sync/probe.ts', "const name = 'pg';\nexport const load = () => import(name);\n", 'layering/packages', /computed at run time/],
  ['shared/ naming a package in a type', 'shared/sync/probe.ts', "export type Pool = import('pg').Pool;\n", 'layering/packages', /'pg'/],
  ['shared/ using process', 'shared/sync/probe.ts', 'export const tz = process.env.TZ;\n', 'no-undef', /'process' is not defined/],
  ['shared/ using Buffer', 'shared/sync/probe.ts', "export const b = Buffer.from('x');\n", 'no-undef', /'Buffer' is not defined/],
  ['shared/ using the DOM', 'shared/sync/probe.ts', 'export const w = window.innerWidth;\n', 'no-undef', /'window' is not defined/],
  ['shared/ doing I/O with fetch', 'shared/sync/probe.ts', "export const get = () => fetch('/api');\n", 'no-undef', /'fetch' is not defined/],
  // renderer/: the page.
  ['renderer/ importing fastify', 'renderer/ui/probe.ts', "import Fastify from 'fastify';\nexport const f = Fastify;\n", 'layering/packages', /renderer\/ may not import 'fastify'/],
  ['renderer/ importing node:fs', 'renderer/counter/probe.ts', "export { readFile } from 'node:fs/promises';\n", 'layering/packages', /'node:fs'/],
  ['renderer/ importing electron', 'renderer/platform/probe.ts', "export { ipcRenderer } from 'electron';\n", 'layering/packages', /'electron'/],
  ['renderer/ importing server/', 'renderer/api/probe.ts', "export { startBranch } from '../../server/startBranch.js';\n", 'layering/folders', /server\/startBranch\.js/],
  ['renderer/ using Buffer', 'renderer/ui/probe.ts', "export const b = Buffer.from('x');\n", 'no-undef', /'Buffer' is not defined/],
  ['renderer/ using process', 'renderer/counter/probe.ts', 'export const mode = process.env.NODE_ENV;\n', 'no-undef', /'process' is not defined/],
  // Inside renderer/: features import layers, not each other.
  ['a feature importing another feature', 'renderer/hall/probe.ts', "export { Kiosk } from '../kiosk/Kiosk.js';\n", 'layering/folders', /renderer\/hall\/ may not import 'renderer\/kiosk\/Kiosk\.js'/],
  ['a feature importing another through import()', 'renderer/ratings/probe.ts', "export const load = () => import('../counter/store.js');\n", 'layering/folders', /renderer\/counter\//],
  ['an edge listed one way only', 'renderer/pause/probe.ts', "export { PhrasePanel } from '../phrases/PhrasePanel.js';\n", 'layering/folders', /renderer\/phrases\//],
  ['a layer importing a feature', 'renderer/ui/probe.ts', "export { useCounterStore } from '../counter/store.js';\n", 'layering/folders', /renderer\/ui\/ may not import/],
  ['a layer importing a layer above it', 'renderer/device/probe.ts', "export { Dialog } from '../ui/Dialog.js';\n", 'layering/folders', /renderer\/ui\//],
  ['a new area importing a feature', 'renderer/newArea/probe.ts', "export { CounterScreen } from '../counter/CounterScreen.js';\n", 'layering/folders', /renderer\/counter\//],
  ['production code importing a test double', 'renderer/queue/probe.ts', "export { FakeSocket } from '../testing/fakeSocket.js';\n", 'layering/folders', /renderer\/testing\//],
  // server/ and electron/.
  ['server/ importing React', 'server/hub/probe.ts', "export { useState } from 'react';\n", 'layering/packages', /server\/ may not import 'react'/],
  ['server/ importing renderer/', 'server/hub/probe.ts', "export * from '../../renderer/api/hub.js';\n", 'layering/folders', /renderer\/api\/hub\.js/],
  ['server/ importing electron/', 'server/host/probe.ts', "export * from '../../electron/main/windows.js';\n", 'layering/folders', /electron\/main\/windows\.js/],
  ['a bare Node built-in', 'server/hub/probe.ts', "export { readFile } from 'fs';\n", 'layering/packages', /write 'node:fs'/],
  ['electron/ importing fastify', 'electron/main/probe.ts', "export { fastify } from 'fastify';\n", 'layering/packages', /electron\/ may not import 'fastify'/],
  ['electron/ importing renderer/', 'electron/main/probe.ts', "export * from '../../renderer/platform/index.js';\n", 'layering/folders', /renderer\/platform\/index\.js/],
  ['tests/ importing an undeclared package', 'tests/integration/probe.ts', "export { chromium } from 'playwright-core';\n", 'layering/packages', /'playwright-core'/],
];

const allowed: Array<[what: string, file: string, code: string]> = [
  ['shared/ using its packages and the runtime both sides have', 'shared/sync/probe.ts', "import { z } from 'zod';\nexport { ulid } from 'ulid';\nexport { TZDate } from '@date-fns/tz';\nexport { hlcNow } from '../time/hlc.js';\nexport const id = z.string();\nexport const later = (f: () => void) => setTimeout(f, 1);\nexport const bytes = new TextEncoder().encode('x');\nexport const u = new URL('http://x/');\n"],
  ['shared/ tests reading fixtures from disk', 'shared/phrases/probe.test.ts', "import { readFileSync } from 'node:fs';\nimport { describe } from 'vitest';\nexport const read = readFileSync;\nexport const tz = process.env.TZ;\nexport const d = describe;\n"],
  ['a feature importing layers', 'renderer/counter/probe.ts', "export { counterDb } from '../device/db.js';\nexport { Dialog } from '../ui/Dialog.js';\nexport { hubRequest } from '../api/hub.js';\nexport { SHORTCUTS } from '../input/shortcuts.js';\nexport { getPlatform } from '../platform/index.js';\nexport { useQueue } from '../queue/useQueue.js';\nexport { newId } from '../../shared/ids.js';\nexport { useState } from 'react';\nexport { liveQuery } from 'dexie';\n"],
  ['an intended feature edge', 'renderer/counter/probe.ts', "export { WindowBar } from '../pause/WindowBar.js';\nexport { PhrasePanel } from '../phrases/PhrasePanel.js';\n"],
  ['the ticket page and the kiosk', 'renderer/ticket/probe.ts', "export { TICKET_READY_MESSAGE } from '../kiosk/print.js';\n"],
  ['the composition root', 'renderer/app/probe.ts', "export { Kiosk } from '../kiosk/Kiosk.js';\nexport { HallScreen } from '../hall/HallScreen.js';\nexport const lazy = () => import('../lead/LeadScreen.js');\n"],
  ['a renderer test using test doubles', 'renderer/queue/probe.test.ts', "import 'fake-indexeddb/auto';\nexport { FakeSocket } from '../testing/fakeSocket.js';\nexport { vi } from 'vitest';\n"],
  ['the page using the DOM', 'renderer/ui/probe.ts', 'export const w = () => window.innerWidth + document.title.length;\n'],
  ['server/ using Node and its packages', 'server/hub/probe.ts', "export { readFile } from 'node:fs/promises';\nexport { fastify } from 'fastify';\nexport { default as websocket } from '@fastify/websocket';\nexport { PGlite } from '@electric-sql/pglite';\nexport * from '../../shared/ids.js';\nexport const os = () => import('node:os');\nexport const pid = process.pid;\n"],
  ['server/ tests using the test support', 'server/hub/probe.test.ts', "export { BranchUnderTest } from '../../tests/support/branchUnderTest.js';\n"],
  ['electron/ starting server/ code', 'electron/main/probe.ts', "export { startBranch } from '../../server/startBranch.js';\nexport { app } from 'electron';\nexport { join } from 'node:path';\n"],
  ['tests/ loading by computed path', 'tests/integration/probe.ts', "export const load = (p: string) => import(p);\nexport { chromium } from '@playwright/test';\n"],
];

describe('layering: forbidden imports and globals fail lint', () => {
  it.each(forbidden)('%s', async (_what, file, code, rule, says) => {
    const found = await layering(file, code);
    expect(found.length, JSON.stringify(found)).toBeGreaterThan(0);
    expect(found.some((m) => m.rule === rule && says.test(m.message)), JSON.stringify(found)).toBe(true);
  });
});

describe('layering: what each layer may use passes', () => {
  it.each(allowed)('%s', async (_what, file, code) => {
    expect(await lint(file, code)).toEqual([]);
  });
});
