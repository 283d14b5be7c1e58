// Which errors get a "Prøv igjen" button: those where doing the same thing again can succeed once a
// passing fault is gone (the network, a busy HelseID or API, a browser that did not open, a card
// reader that was busy, card software that hung and has been restarted). Not offered where repeating cannot help or would do harm — a locked PIN,
// a card that is not there or cannot log in, a security level HelseID refused, a broken
// configuration: there the banner's "what to do" says what helps instead. (The `retriable` flag on
// an error is wider: it also covers "try again after doing something else", such as another card.)
export const TRY_AGAIN_CODES: readonly string[] = [
  'authority-unreachable',
  'authority-busy',
  'authority-error',
  'api-unreachable',
  'login-timeout',
  'login-page-expired',
  'browser-open-failed',
  'browser-page-taken',
  'loopback-unavailable',
  'callback-error',
  'card-authentication-failed',
  'card-busy',
  'card-device-error',
  // the card service replaced the hung card module already (src/main/card/README.md)
  'card-module-timeout',
  'clock-wrong',
  'portal-unreachable',
  'portal-error',
  'portal-not-delivered',
];
const TRY_AGAIN = new Set(TRY_AGAIN_CODES);

export function canTryAgain(code: string): boolean {
  return TRY_AGAIN.has(code);
}
