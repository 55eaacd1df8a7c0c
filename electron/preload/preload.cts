// CommonJS because a sandboxed preload cannot load ES modules; the build bundles this file
// (with the contract list from shared/) into dist/electron/preload/preload.cjs, leaving 'electron' external.
// `import = require` is the only import form a .cts allows under verbatimModuleSyntax.
/* eslint-disable @typescript-eslint/no-require-imports */
import electron = require('electron');
import bridge = require('./bridge.js');
/* eslint-enable @typescript-eslint/no-require-imports */

// ipcRenderer itself never crosses: the page could then send on any channel.
electron.contextBridge.exposeInMainWorld(
  'guichetHost',
  bridge.createExposedHost((channel, input) => electron.ipcRenderer.invoke(channel, input)),
);
electron.contextBridge.exposeInMainWorld('guichetHostKind', 'electron');
