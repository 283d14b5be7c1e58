// What opens the authorization URL: the OS opener (default), a command the user names, or the
// built-in follow "browser" (tests, headless). The URL carries only client_id and request_uri, but
// it is still not logged: the request_uri is a bearer reference for the next minute.
import { spawn } from 'node:child_process';
import { AppError } from '../../shared/errors/app-error.ts';
import { followBrowser } from './follow-browser.ts';

export type OpenUrl = (url: string) => Promise<void>;

function osOpener(platform: NodeJS.Platform): [string, ...string[]] {
  if (platform === 'darwin') return ['open'];
  // not `cmd /c start`: cmd would split the URL at its '&'; this hands it to the default browser as is
  if (platform === 'win32') return ['rundll32', 'url.dll,FileProtocolHandler'];
  return ['xdg-open'];
}

function runCommand(command: readonly string[]): OpenUrl {
  return (url) =>
    new Promise<void>((resolve, reject) => {
      const [file, ...args] = command;
      const child = spawn(file!, [...args, url], { stdio: 'ignore', detached: true });
      child.once('error', (err) =>
        reject(new AppError('browser-open-failed', { retriable: true, detail: { command: file! }, cause: err })),
      );
      child.once('spawn', () => {
        child.unref(); // the browser outlives this command
        resolve();
      });
    });
}

export function browserOpener(choice: string | undefined, signal: AbortSignal, note: (line: string) => void): OpenUrl {
  if (choice === 'follow') return followBrowser({ signal, onProblem: note });
  if (choice === undefined || choice.trim() === '') return runCommand(osOpener(process.platform));
  return runCommand(choice.trim().split(/\s+/));
}
