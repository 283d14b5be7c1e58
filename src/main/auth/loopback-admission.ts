// Who gets a connection slot at the loopback listener. Any local process can connect to it, and one
// that keeps dozens of connections open (reopening each as it closes) used to fill every slot, so
// the browser's real callback was turned away for as long as the attack ran. Here a new connection
// is never refused for lack of room: when the pool is full it pushes out the oldest connection that
// has shown it is not this login's callback (wrong request line), else the oldest that has sent
// nothing useful yet; and while the pool is full, connections that stay silent are closed after
// IDLE_DEADLINE_WHEN_FULL_MS instead of the usual 3 s. The request line is read before HTTP parsing
// starts, so the request that carries this login's `state` is recognised at once and never pushed
// out. A newcomer is protected until it has had one turn of the event loop to be read: otherwise a
// burst of reconnects could push the browser out before its request line was looked at.
import type net from 'node:net';

/** above this many connections, an older one makes room for each newcomer */
export const MAX_CONNECTIONS = 32;
/** protected newcomers may push the pool up to this, never further */
const HARD_MAX_CONNECTIONS = 128;
/** a browser sends the callback at once; an idle or trickling connection must not hold a slot */
export const CONNECTION_DEADLINE_MS = 3_000;
export const IDLE_DEADLINE_WHEN_FULL_MS = 500;
/** "GET " + the longest URL the listener reads + " HTTP/1.1\r\n" */
const MAX_REQUEST_LINE = 4096 + 32;

type Phase = 'unread' | 'wrong' | 'right';

interface Entry {
  readonly socket: net.Socket;
  readonly since: number;
  phase: Phase;
  /** true until the connection has had an event-loop turn to send its request line */
  protected: boolean;
  timer: NodeJS.Timeout | undefined;
}

export interface AdmissionOptions {
  /** does this request line (without CRLF) carry this login's callback? */
  readonly isCallbackRequestLine: (line: string) => boolean;
  /** hands a connection, request line unread again, to the HTTP server */
  readonly handOver: (socket: net.Socket) => void;
  readonly log: (line: string) => void;
  readonly now?: () => number;
}

export interface Admission {
  admit(socket: net.Socket): void;
  /** destroys every connection (after the last answer was handed to the socket) */
  closeAll(): void;
}

export function createAdmission(o: AdmissionOptions): Admission {
  const now = o.now ?? (() => performance.now());
  const pool = new Set<Entry>(); // insertion order = age
  let closed = false;
  let full = false;

  const deadlineOf = (entry: Entry) =>
    entry.phase !== 'right' && full ? IDLE_DEADLINE_WHEN_FULL_MS : CONNECTION_DEADLINE_MS;
  const schedule = (entry: Entry) => {
    clearTimeout(entry.timer);
    const remaining = Math.max(0, entry.since + deadlineOf(entry) - now());
    entry.timer = setTimeout(() => entry.socket.destroy(), remaining).unref();
  };
  const updateFullness = () => {
    const wasFull = full;
    full = pool.size >= MAX_CONNECTIONS;
    if (full && !wasFull) {
      o.log('loopback: connection pool full; idle connections get a shorter deadline');
      for (const entry of pool) if (entry.phase !== 'right') schedule(entry);
    }
  };
  const victim = (): Entry | undefined => {
    let unread: Entry | undefined;
    for (const entry of pool) {
      if (entry.protected) continue;
      if (entry.phase === 'wrong') return entry;
      if (entry.phase === 'unread') unread ??= entry;
    }
    return unread;
  };

  function admit(socket: net.Socket): void {
    if (closed) return void socket.destroy();
    if (pool.size >= MAX_CONNECTIONS) {
      const out = victim();
      if (out) {
        pool.delete(out);
        out.socket.destroy();
      } else if (pool.size >= HARD_MAX_CONNECTIONS) {
        return void socket.destroy();
      }
    }
    const entry: Entry = { socket, since: now(), phase: 'unread', protected: true, timer: undefined };
    pool.add(entry);
    updateFullness();
    schedule(entry);
    // accepted in this turn's poll phase; its data is read in the next one; then it competes
    setImmediate(() => setImmediate(() => (entry.protected = false)));
    socket.on('error', () => {}); // resets by the peer are expected here; the HTTP server logs its own
    socket.once('close', () => {
      clearTimeout(entry.timer);
      pool.delete(entry);
      updateFullness();
    });
    readRequestLine(entry);
  }

  function readRequestLine(entry: Entry): void {
    const { socket } = entry;
    let received = Buffer.alloc(0);
    const onData = (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      const end = received.indexOf(0x0a);
      if (end < 0 && received.length <= MAX_REQUEST_LINE) return;
      socket.off('data', onData);
      const line = received
        .subarray(0, end < 0 ? received.length : end)
        .toString('latin1')
        .replace(/\r$/, '');
      entry.phase = o.isCallbackRequestLine(line) ? 'right' : 'wrong';
      if (entry.phase === 'right') schedule(entry);
      // the HTTP server parses the whole request, request line included, as if it had read it
      socket.pause();
      socket.unshift(received);
      o.handOver(socket);
      socket.resume();
    };
    socket.on('data', onData);
  }

  return {
    admit,
    closeAll() {
      closed = true;
      for (const entry of pool) {
        clearTimeout(entry.timer);
        entry.socket.destroy();
      }
      pool.clear();
    },
  };
}
