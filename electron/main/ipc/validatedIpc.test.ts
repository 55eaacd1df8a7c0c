import { describe, expect, it, vi } from 'vitest';
import type { IpcMainInvokeEvent, WebFrameMain } from 'electron';
import { hostContract, type HostHandlers } from '../../../shared/host/contract.js';
import { unavailableRecordingHandlers } from '../../../server/host/recording/unavailable.js';
import { refusedSecretHandlers } from '../../../server/host/secretStore.js';
import { isAppFrame, registerHostHandlers, type IpcMainLike } from './validatedIpc.js';

type Listener = (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown;

function fakeIpcMain() {
  const handlers = new Map<string, Listener>();
  const ipcMain: IpcMainLike = {
    handle: (channel, listener) => {
      if (handlers.has(channel)) throw new Error(`second handler for ${channel}`);
      handlers.set(channel, listener as Listener);
    },
    removeHandler: (channel) => {
      handlers.delete(channel);
    },
  };
  // Like ipcRenderer.invoke: a missing handler is a rejection, not a throw.
  const invoke = async (channel: string, frame: Partial<WebFrameMain> | null, ...args: unknown[]) => {
    const handler = handlers.get(channel);
    if (!handler) throw new Error(`No handler registered for '${channel}'`);
    return handler({ senderFrame: frame } as unknown as IpcMainInvokeEvent, ...args);
  };
  return { ipcMain, handlers, invoke };
}

const appFrame = { url: 'guichet://app/counter/3', parent: null } as Partial<WebFrameMain>;
const foreignFrame = { url: 'https://evil.example/', parent: null } as Partial<WebFrameMain>;

function fakeHandlers() {
  const handlers: HostHandlers = {
    'app:info': vi.fn(async () => ({ host: 'electron' as const, version: '0.1.0', platform: 'linux', hubUrl: 'http://127.0.0.1:8080' })),
    'printer:list': vi.fn(async () => []),
    'printer:printTicket': vi.fn(async () => ({ mode: 'printed' as const })),
    'display:list': vi.fn(async () => []),
    'display:openCustomerScreen': vi.fn(async () => ({ opened: true })),
    ...unavailableRecordingHandlers('not under test'),
    ...refusedSecretHandlers('failed', 'not under test'),
  };
  return handlers;
}

const isTrusted = (frame: WebFrameMain | null) => isAppFrame(frame);

describe('registerHostHandlers', () => {
  it('registers exactly the contract channels', () => {
    const { ipcMain, handlers } = fakeIpcMain();
    registerHostHandlers(ipcMain, fakeHandlers(), isTrusted);
    expect([...handlers.keys()].sort()).toEqual(Object.keys(hostContract).sort());
  });

  it('runs a trusted call through the contract', async () => {
    const { ipcMain, invoke } = fakeIpcMain();
    const host = fakeHandlers();
    registerHostHandlers(ipcMain, host, isTrusted);
    const input = { path: '/ticket/01J0000000000000000000000?paper=80', paper: 80 };
    await expect(invoke('printer:printTicket', appFrame, input)).resolves.toEqual({ mode: 'printed' });
    expect(host['printer:printTicket']).toHaveBeenCalledWith(input);
  });

  it('rejects an untrusted origin before the handler runs', async () => {
    const { ipcMain, invoke } = fakeIpcMain();
    const host = fakeHandlers();
    registerHostHandlers(ipcMain, host, isTrusted);
    await expect(invoke('app:info', foreignFrame)).rejects.toThrow(/^forbidden_sender: app:info/);
    await expect(invoke('app:info', null)).rejects.toThrow(/^forbidden_sender: /);
    expect(host['app:info']).not.toHaveBeenCalled();
  });

  it('rejects bad input before the handler runs, with a typed code', async () => {
    const { ipcMain, invoke } = fakeIpcMain();
    const host = fakeHandlers();
    registerHostHandlers(ipcMain, host, isTrusted);
    await expect(invoke('printer:printTicket', appFrame, { path: 'no-slash', paper: 72 })).rejects.toThrow(/^bad_input: printer:printTicket/);
    await expect(invoke('display:openCustomerScreen', appFrame, { counter: 1, extra: true })).rejects.toThrow(/^bad_input: /);
    expect(host['printer:printTicket']).not.toHaveBeenCalled();
    expect(host['display:openCustomerScreen']).not.toHaveBeenCalled();
  });

  it('reports a handler failure and a malformed answer with their codes', async () => {
    const { ipcMain, invoke } = fakeIpcMain();
    const host = fakeHandlers();
    host['printer:list'] = async () => {
      throw new Error('spooler down');
    };
    host['display:list'] = async () => [{ id: 'not a number' }] as never;
    registerHostHandlers(ipcMain, host, isTrusted);
    await expect(invoke('printer:list', appFrame)).rejects.toThrow('failed: spooler down');
    await expect(invoke('display:list', appFrame)).rejects.toThrow(/^bad_output: display:list/);
  });

  it('leaves unknown channels without a handler', async () => {
    const { ipcMain, invoke } = fakeIpcMain();
    registerHostHandlers(ipcMain, fakeHandlers(), isTrusted);
    await expect(invoke('shell:openExternal', appFrame, 'https://x')).rejects.toThrow(/No handler registered/);
  });

  it('can be registered again, and disposed', () => {
    const { ipcMain, handlers } = fakeIpcMain();
    registerHostHandlers(ipcMain, fakeHandlers(), isTrusted);
    const dispose = registerHostHandlers(ipcMain, fakeHandlers(), isTrusted);
    dispose();
    expect(handlers.size).toBe(0);
  });
});

describe('isAppFrame', () => {
  it('accepts only top-level frames of guichet://app', () => {
    expect(isAppFrame({ url: 'guichet://app/', parent: null })).toBe(true);
    expect(isAppFrame({ url: 'guichet://app/hall', parent: appFrame as WebFrameMain })).toBe(false);
    expect(isAppFrame({ url: 'guichet://app.evil/', parent: null })).toBe(false);
    expect(isAppFrame({ url: 'guichet://app:81/', parent: null })).toBe(false);
    expect(isAppFrame({ url: 'http://127.0.0.1:8080/', parent: null })).toBe(false);
    expect(isAppFrame({ url: 'about:blank', parent: null })).toBe(false);
    expect(isAppFrame({ url: '', parent: null })).toBe(false);
    expect(isAppFrame(null)).toBe(false);
  });
});
