import './earlyScheme.js';
import { app, BrowserWindow, dialog, ipcMain, powerMonitor, powerSaveBlocker, protocol, safeStorage, screen, session, systemPreferences } from 'electron';
import path from 'node:path';
import { startBranch, type RunningBranch } from '../../server/startBranch.js';
import { loadBranchConfig } from '../../server/config/loadBranchConfig.js';
import { describeStartFailure } from '../../server/startupFailure.js';
import type { HostHandlers } from '../../shared/host/contract.js';
import { createElectronRecording, type ElectronRecording } from '../recording/electronRecording.js';
import { installCertificatePin } from './certificatePin.js';
import { DEVICE_FILE, loadDeviceConfig } from './device.js';
import { hubChoiceFrom } from './hubOptions.js';
import { isAppFrame, registerHostHandlers } from './ipc/validatedIpc.js';
import { createPrinterHandlers, ticketWindowOptions } from './printing.js';
import { serveApp } from './protocol.js';
import { createElectronSecrets } from './secureStorage.js';
import { appCsp, hardenWebContents, installPermissionHandlers } from './security.js';
import { createWindowManager, isScreenRole } from './windows.js';

let hub: RunningBranch | undefined;
let recording: ElectronRecording | undefined;

/** Paths inside the app (or app.asar): the build writes dist/ and dist-renderer/ side by side. */
function appPaths() {
  const root = app.getAppPath();
  return {
    // Bundled by scripts/build.mjs into its own folder, which that build empties.
    preload: path.join(root, 'dist', 'electron', 'preload', 'preload.cjs'),
    renderer: path.join(root, 'dist-renderer'),
  };
}

async function start(): Promise<void> {
  await app.whenReady();
  const paths = appPaths();
  const userData = app.getPath('userData');

  installPermissionHandlers(session.defaultSession);

  const { device, problem, hub: deviceHub } = await loadDeviceConfig(userData);
  const choice = hubChoiceFrom(process.env, userData, deviceHub, path.join(userData, DEVICE_FILE));
  let hubUrl: string;
  let dataDir: string;
  if (choice.kind === 'remote') {
    // A counter, display or kiosk PC of the branch: the LAN hub, no hub of its own. Its certificate
    // is trusted by its pin alone, before any page can reach it (docs/security.md, enrolment).
    const remote = choice.hub;
    if (remote.pin) installCertificatePin(session.defaultSession, { host: remote.host, pin: remote.pin });
    if (remote.warning) console.warn(`[main] ${remote.warning}`);
    serveApp(protocol, paths.renderer, appCsp(remote.url));
    hubUrl = remote.url;
    dataDir = choice.dataDir;
    console.log(`[main] using the branch hub at ${remote.url}${remote.pin ? ` (certificate ${remote.pin.fingerprint256})` : ''}`);
  } else {
    serveApp(protocol, paths.renderer);
    const { configPath, ...hubOptions } = choice.options;
    const config = await loadBranchConfig(configPath, new Date());
    // The same branch as the browser host: the hub, syncing to GUICHET_UPSTREAM or to an embedded
    // head office.
    hub = await startBranch({ ...hubOptions, config, version: app.getVersion() });
    hubUrl = hub.branch.url;
    dataDir = hubOptions.dataDir;
  }
  const pin = choice.kind === 'remote' ? choice.hub.pin : null;

  const windows = createWindowManager({ createWindow: (options) => new BrowserWindow(options), screen, preloadPath: paths.preload, device });
  const printing = createPrinterHandlers({
    createTicketWindow: () => new BrowserWindow(ticketWindowOptions(paths.preload)),
    // Any live window can enumerate the system's printers.
    listPrinters: async () => (await BrowserWindow.getAllWindows()[0]?.webContents.getPrintersAsync()) ?? [],
    userDataDir: userData,
  });
  // Counter recording: the capture runs here, one recorder per counter (electron/recording/).
  recording = createElectronRecording({ dataDir, hubUrl: () => hubUrl, hubPin: () => pin, systemPreferences, powerMonitor });
  const handlers: HostHandlers = {
    'app:info': async () => ({ host: 'electron', version: app.getVersion(), platform: process.platform, hubUrl }),
    ...printing,
    ...windows.handlers,
    ...recording.handlers,
    // Device tokens sealed with safeStorage in userData (docs/security.md).
    ...createElectronSecrets({ safeStorage, userDataDir: userData }),
  };
  // Before any window exists, so the first page's calls find their handlers.
  registerHostHandlers(ipcMain, handlers, isAppFrame);

  windows.openRoleWindow();
  if (isScreenRole(device.role)) powerSaveBlocker.start('prevent-display-sleep');
  if (problem) {
    console.error(`[device] ${problem}`);
    void dialog.showMessageBox({ type: 'warning', title: 'Guichet', message: 'The device settings were ignored; the launcher is shown instead.', detail: problem });
  }
}

async function fail(err: unknown): Promise<void> {
  // One sentence (port in use, data folder locked, a bad GUICHET_* value); a stack only if unknown.
  const { sentence, detail } = describeStartFailure(err);
  console.error(`[main] ${sentence}`);
  if (detail) console.error(detail);
  dialog.showErrorBox('Guichet could not start', sentence);
  // app.exit skips before-quit, so the hub's database is closed here.
  await hub?.close().catch(() => undefined);
  app.exit(1);
}

if (!app.requestSingleInstanceLock()) {
  // Another Guichet already owns this device's hub port and data folder.
  app.quit();
} else {
  app.on('second-instance', () => {
    const win = BrowserWindow.getAllWindows()[0];
    if (!win) return;
    if (win.isMinimized()) win.restore();
    win.focus();
  });
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents));
  // Also on macOS: a workstation with no window open has nothing left to do.
  app.on('window-all-closed', () => app.quit());
  app.on('before-quit', (event) => {
    const running = hub;
    const rec = recording;
    // Nothing to close (or already closing); with a remote hub only the recording is ours.
    if (!running && !rec) return;
    event.preventDefault();
    hub = undefined;
    // Recordings under way are finished before the hub they upload to goes.
    recording = undefined;
    (rec ? rec.close().catch((err: unknown) => console.error('[main] recording did not close cleanly', err)) : Promise.resolve())
      .then(() => running?.close())
      .catch((err: unknown) => console.error('[main] hub did not close cleanly', err))
      .finally(() => app.quit());
  });
  start().catch(fail);
}
