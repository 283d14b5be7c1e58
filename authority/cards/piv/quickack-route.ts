// vpcd writes each command's length and body in two writes. On loopback that costs ~45 ms per
// APDU: Nagle holds the body until the length is ACKed, and the card's side delays that ACK.
// (Measured with OpenSC listing a card's objects, 29 APDUs: 1.64 s on 127.0.0.1, 0.11 s over a
// quickack route.) Node cannot set TCP_QUICKACK on a socket, so the card connects to 127.0.0.2
// through a route with `quickack 1`, which setup.sh adds and this adds when we are root.
import { execFileSync } from 'node:child_process';

export const QUICKACK_HOST = '127.0.0.2';

function routeText(): string {
  try {
    return execFileSync('ip', ['route', 'show', 'table', 'local', `${QUICKACK_HOST}/32`], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
  } catch {
    return '';
  }
}

/** The host the cards connect to: QUICKACK_HOST when its route has quickack, else 127.0.0.1. */
export function readerHost(log: (line: string) => void = () => {}): string {
  if (/quickack 1/.test(routeText())) return QUICKACK_HOST;
  if (process.getuid?.() === 0) {
    try {
      execFileSync(
        'ip',
        ['route', 'replace', 'local', `${QUICKACK_HOST}/32`, 'dev', 'lo', 'table', 'local', 'quickack', '1'],
        { stdio: 'ignore' },
      );
      if (/quickack 1/.test(routeText())) return QUICKACK_HOST;
    } catch {
      /* no CAP_NET_ADMIN in this container */
    }
  }
  log(`no quickack route for ${QUICKACK_HOST} (scripts/setup.sh adds it as root): each card command costs ~45 ms more`);
  return '127.0.0.1';
}
