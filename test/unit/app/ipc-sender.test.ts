import { describe, expect, it } from 'vitest';
import { isTrustedSender } from '../../../src/main/app/ipc-sender.ts';

function fakeWindow(url = 'app://helseid/index.html', destroyed = false) {
  const mainFrame = { url };
  const webContents = { mainFrame };
  return { webContents, isDestroyed: () => destroyed };
}

describe('IPC sender check', () => {
  it('ourWindowsMainFrame_onOurOrigin_isTrusted', () => {
    const window = fakeWindow();
    expect(isTrustedSender({ sender: window.webContents, senderFrame: window.webContents.mainFrame }, window)).toBe(
      true,
    );
  });

  it('aSubframe_anotherWebContents_orAnotherOrigin_isNot', () => {
    const window = fakeWindow();
    const other = fakeWindow();
    expect(
      isTrustedSender({ sender: window.webContents, senderFrame: { url: 'app://helseid/index.html' } }, window),
      'subframe',
    ).toBe(false);
    expect(
      isTrustedSender({ sender: other.webContents, senderFrame: other.webContents.mainFrame }, window),
      'other contents',
    ).toBe(false);
    expect(isTrustedSender({ sender: window.webContents, senderFrame: null }, window), 'no frame').toBe(false);
    const navigated = fakeWindow('https://evil.example/');
    expect(
      isTrustedSender({ sender: navigated.webContents, senderFrame: navigated.webContents.mainFrame }, navigated),
      'foreign page',
    ).toBe(false);
  });

  it('noWindow_orDestroyedWindow_trustsNobody', () => {
    const window = fakeWindow('app://helseid/index.html', true);
    expect(isTrustedSender({ sender: window.webContents, senderFrame: window.webContents.mainFrame }, window)).toBe(
      false,
    );
    expect(isTrustedSender({ sender: window.webContents, senderFrame: window.webContents.mainFrame }, undefined)).toBe(
      false,
    );
  });
});
