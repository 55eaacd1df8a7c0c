import type { BrowserWindow, BrowserWindowConstructorOptions, Display, Rectangle, Screen, WebPreferences } from 'electron';
import type { HostHandlers } from '../../shared/host/contract.js';
import { appUrl } from './appOrigin.js';
import { rolePath, type DeviceConfig, type DeviceRole } from './device.js';

/** The renderer only ever talks to the machine through the preload's bridge. */
export function secureWebPreferences(preloadPath: string): WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInSubFrames: false,
    nodeIntegrationInWorker: false,
    webviewTag: false,
    spellcheck: false,
  };
}

/** Unattended screens: nobody is there to exit full screen or click to allow sound. */
const SCREEN_ROLES: ReadonlySet<DeviceRole> = new Set(['kiosk', 'hall', 'counter-display']);

export function isScreenRole(role: DeviceRole): boolean {
  return SCREEN_ROLES.has(role);
}

export function windowOptions(role: DeviceRole, preloadPath: string, bounds?: Rectangle): BrowserWindowConstructorOptions {
  const webPreferences = secureWebPreferences(preloadPath);
  // The hall announces calls as they happen; no visitor will ever click it first.
  if (role === 'hall') webPreferences.autoplayPolicy = 'no-user-gesture-required';
  if (isScreenRole(role)) {
    // An occluded or unfocused screen must still update and announce on time.
    webPreferences.backgroundThrottling = false;
    return { ...bounds, show: false, fullscreen: true, kiosk: true, frame: false, autoHideMenuBar: true, backgroundColor: '#000000', webPreferences };
  }
  const placed = bounds ? { x: bounds.x, y: bounds.y } : {};
  return { ...placed, width: 1280, height: 800, minWidth: 1024, minHeight: 640, show: false, autoHideMenuBar: true, webPreferences };
}

export type DisplayLike = Pick<Display, 'id' | 'label' | 'bounds' | 'size'>;

export function toDisplayInfo(display: DisplayLike, primaryId: number) {
  return {
    id: display.id,
    // Some platforms report no label; staff still need something to pick from.
    label: display.label || `Display ${display.id}`,
    primary: display.id === primaryId,
    width: display.size.width,
    height: display.size.height,
  };
}

/**
 * An explicit request must be honoured exactly (or fail) so staff see what happened; the
 * configured screen and then any non-primary screen are only defaults.
 */
export function chooseCustomerDisplay<D extends DisplayLike>(displays: readonly D[], primaryId: number, requested?: number, configured?: number): D | undefined {
  if (requested !== undefined) return displays.find((d) => d.id === requested);
  const configuredDisplay = configured === undefined ? undefined : displays.find((d) => d.id === configured);
  return configuredDisplay ?? displays.find((d) => d.id !== primaryId);
}

export type WindowLike = Pick<BrowserWindow, 'loadURL' | 'once' | 'show' | 'focus' | 'maximize' | 'isDestroyed'>;

export interface WindowDeps {
  createWindow(options: BrowserWindowConstructorOptions): WindowLike;
  screen: Pick<Screen, 'getAllDisplays' | 'getPrimaryDisplay'>;
  preloadPath: string;
  device: DeviceConfig;
}

export type DisplayHandlers = Pick<HostHandlers, 'display:list' | 'display:openCustomerScreen'>;

export function createWindowManager(deps: WindowDeps): { openRoleWindow(): WindowLike; handlers: DisplayHandlers } {
  const customerScreens = new Map<number, WindowLike>();

  function open(role: DeviceRole, routePath: string, bounds?: Rectangle): WindowLike {
    const win = deps.createWindow(windowOptions(role, deps.preloadPath, bounds));
    // Shown once painted, so a kiosk never flashes an empty white frame.
    win.once('ready-to-show', () => {
      if (!isScreenRole(role)) win.maximize();
      win.show();
    });
    win.loadURL(appUrl(routePath)).catch((err: unknown) => console.error(`[windows] ${routePath} failed to load`, err));
    return win;
  }

  return {
    openRoleWindow() {
      const { role } = deps.device;
      const bounds = isScreenRole(role) ? deps.screen.getPrimaryDisplay().bounds : undefined;
      return open(role, rolePath(deps.device), bounds);
    },
    handlers: {
      'display:list': async () => {
        const primaryId = deps.screen.getPrimaryDisplay().id;
        return deps.screen.getAllDisplays().map((d) => toDisplayInfo(d, primaryId));
      },
      'display:openCustomerScreen': async ({ counter, displayId }) => {
        const existing = customerScreens.get(counter);
        if (existing && !existing.isDestroyed()) {
          existing.focus();
          return { opened: true };
        }
        const primaryId = deps.screen.getPrimaryDisplay().id;
        const display = chooseCustomerDisplay(deps.screen.getAllDisplays(), primaryId, displayId, deps.device.customerDisplay?.displayId);
        if (!display) return { opened: false };
        const win = open('counter-display', `/counter-display/${counter}`, display.bounds);
        customerScreens.set(counter, win);
        win.once('closed', () => customerScreens.delete(counter));
        return { opened: true };
      },
    },
  };
}
