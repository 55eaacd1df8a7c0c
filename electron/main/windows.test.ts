import { describe, expect, it, vi } from 'vitest';
import type { BrowserWindowConstructorOptions, Display } from 'electron';
import type { DeviceConfig, DeviceRole } from './device.js';
import { chooseCustomerDisplay, createWindowManager, toDisplayInfo, windowOptions, type WindowDeps, type WindowLike } from './windows.js';

const PRELOAD = '/app/dist/electron/preload/preload.cjs';
const ROLES: DeviceRole[] = ['counter', 'counter-display', 'kiosk', 'hall', 'lead', 'hq', 'launcher'];

function display(id: number, x: number, label = `Screen ${id}`) {
  return { id, label, bounds: { x, y: 0, width: 1920, height: 1080 }, size: { width: 1920, height: 1080 } } as Display;
}

describe('windowOptions', () => {
  it('isolates every role', () => {
    for (const role of ROLES) {
      expect(windowOptions(role, PRELOAD).webPreferences, role).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webviewTag: false, preload: PRELOAD });
    }
  });

  it('makes unattended screens full-screen kiosks on their display', () => {
    const bounds = { x: 1920, y: 0, width: 1280, height: 1024 };
    for (const role of ['kiosk', 'hall', 'counter-display'] as const) {
      expect(windowOptions(role, PRELOAD, bounds), role).toMatchObject({ ...bounds, fullscreen: true, kiosk: true });
    }
    for (const role of ['counter', 'lead', 'hq', 'launcher'] as const) {
      expect(windowOptions(role, PRELOAD), role).not.toHaveProperty('kiosk');
    }
  });

  it('lets only the hall play sound without a gesture', () => {
    expect(windowOptions('hall', PRELOAD).webPreferences?.autoplayPolicy).toBe('no-user-gesture-required');
    for (const role of ROLES.filter((r) => r !== 'hall')) {
      expect(windowOptions(role, PRELOAD).webPreferences?.autoplayPolicy, role).toBeUndefined();
    }
  });
});

describe('chooseCustomerDisplay', () => {
  const displays = [display(1, 0), display(2, 1920), display(3, 3840)];
  it('honours an explicit request exactly', () => {
    expect(chooseCustomerDisplay(displays, 1, 3)?.id).toBe(3);
    expect(chooseCustomerDisplay(displays, 1, 9, 2)).toBeUndefined();
  });
  it('defaults to the configured screen, then any secondary one', () => {
    expect(chooseCustomerDisplay(displays, 1, undefined, 3)?.id).toBe(3);
    expect(chooseCustomerDisplay(displays, 1, undefined, 9)?.id).toBe(2);
    expect(chooseCustomerDisplay(displays, 1)?.id).toBe(2);
    expect(chooseCustomerDisplay([display(1, 0)], 1)).toBeUndefined();
  });
  it('describes displays for the renderer', () => {
    expect(toDisplayInfo(display(2, 1920, ''), 1)).toEqual({ id: 2, label: 'Display 2', primary: false, width: 1920, height: 1080 });
  });
});

describe('createWindowManager', () => {
  function setup(device: DeviceConfig, displays = [display(1, 0), display(2, 1920)]) {
    const created: { options: BrowserWindowConstructorOptions; win: WindowLike & { url?: string; fire(e: string): void } }[] = [];
    const createWindow = (options: BrowserWindowConstructorOptions) => {
      const listeners = new Map<string, () => void>();
      let destroyed = false;
      const win = {
        url: undefined as string | undefined,
        loadURL: vi.fn(async (url: string) => {
          win.url = url;
        }),
        once: (event: string, fn: () => void) => listeners.set(event, fn),
        show: vi.fn(),
        focus: vi.fn(),
        maximize: vi.fn(),
        isDestroyed: () => destroyed,
        fire(event: string) {
          if (event === 'closed') destroyed = true;
          listeners.get(event)?.();
        },
      };
      created.push({ options, win: win as unknown as (typeof created)[number]['win'] });
      return win as unknown as WindowLike;
    };
    const screen = { getAllDisplays: () => displays, getPrimaryDisplay: () => displays[0]! };
    const manager = createWindowManager({ createWindow, screen, preloadPath: PRELOAD, device } as WindowDeps);
    return { manager, created };
  }

  it("opens the device's role at its route, shown once painted", () => {
    const { manager, created } = setup({ role: 'counter', counter: 7 });
    manager.openRoleWindow();
    const { win } = created[0]!;
    expect(win.url).toBe('guichet://app/counter/7');
    expect(win.show).not.toHaveBeenCalled();
    win.fire('ready-to-show');
    expect(win.maximize).toHaveBeenCalled();
    expect(win.show).toHaveBeenCalled();
  });

  it('opens the hall full screen on the primary display', () => {
    const { manager, created } = setup({ role: 'hall' });
    manager.openRoleWindow();
    expect(created[0]?.win.url).toBe('guichet://app/hall');
    expect(created[0]?.options).toMatchObject({ x: 0, fullscreen: true, kiosk: true });
  });

  it('opens the customer screen once, on the second display', async () => {
    const { manager, created } = setup({ role: 'counter', counter: 4 });
    await expect(manager.handlers['display:openCustomerScreen']({ counter: 4 })).resolves.toEqual({ opened: true });
    expect(created[0]?.win.url).toBe('guichet://app/counter-display/4');
    expect(created[0]?.options).toMatchObject({ x: 1920, fullscreen: true, kiosk: true });

    await manager.handlers['display:openCustomerScreen']({ counter: 4 });
    expect(created).toHaveLength(1);
    expect(created[0]?.win.focus).toHaveBeenCalled();

    created[0]?.win.fire('closed');
    await manager.handlers['display:openCustomerScreen']({ counter: 4 });
    expect(created).toHaveLength(2);
  });

  it('does not open a customer screen without a second display', async () => {
    const { manager, created } = setup({ role: 'counter', counter: 4 }, [display(1, 0)]);
    await expect(manager.handlers['display:openCustomerScreen']({ counter: 4 })).resolves.toEqual({ opened: false });
    expect(created).toHaveLength(0);
  });

  it('lists displays', async () => {
    const { manager } = setup({ role: 'launcher' });
    const list = await manager.handlers['display:list'](undefined);
    expect(list.map((d) => [d.id, d.primary])).toEqual([
      [1, true],
      [2, false],
    ]);
  });
});
