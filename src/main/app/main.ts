// The Electron entry point: the only place (with the electron-*.ts adapters) that imports
// `electron`. It hands the real modules to wireShell (shell-wiring.ts), which installs every
// handler and starts the services; test/unit/app/shell-wiring.test.ts runs the same function
// with a fake Electron.
import {
  app,
  BrowserWindow,
  clipboard,
  ipcMain,
  net,
  powerMonitor,
  protocol,
  safeStorage,
  session,
  shell,
  utilityProcess,
} from 'electron';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startAppServices } from '../services/start-app-services.ts';
import { createElectronPreferences } from './electron-preferences.ts';
import { utilityProcessLauncher } from './electron-module-launcher.ts';
import { wireShell } from './shell-wiring.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const log = (line: string) => process.stderr.write(`[main] ${line}\n`);

wireShell(
  { app, BrowserWindow, ipcMain, session, shell, protocol, powerMonitor, net, clipboard, safeStorage },
  {
    rendererDir: path.join(here, '..', 'renderer'),
    preloadPath: path.join(here, '..', 'preload', 'preload.cjs'),
    platform: process.platform,
    log,
    createPreferences: () => createElectronPreferences(log),
    startServices: startAppServices,
    // the packaged app's runAsNode fuse is off: module processes start as utility processes
    launchModule: utilityProcessLauncher(utilityProcess),
  },
);
