// A thin binding of our own to the PC/SC API (pcsc-lite's libpcsclite.so.1 on Linux, WinSCard.dll on
// Windows, PCSC.framework on macOS: the same functions), through koffi's FFI. Only the six calls the
// presence watcher needs; no card is ever connected to. See ../README.md ("PC/SC binding") for why
// koffi and not an addon from the registry.
// The types differ per platform and must match the C headers exactly: pcsc-lite's LONG/DWORD are C
// `long`/`unsigned long` (64-bit on Linux x64), WinSCard's and macOS's are 32-bit; macOS packs
// SCARD_READERSTATE to 1 byte and Windows has a 36-byte ATR field.
import koffi from 'koffi';

const platform = process.platform;
const LIBRARY =
  platform === 'win32'
    ? 'winscard.dll'
    : platform === 'darwin'
      ? '/System/Library/Frameworks/PCSC.framework/PCSC'
      : 'libpcsclite.so.1';
const SUFFIX = platform === 'win32' ? 'A' : ''; // the ANSI entry points on Windows

export const SCARD_SCOPE_USER = 0;
export const SCARD_STATE = {
  UNAWARE: 0x0,
  IGNORE: 0x1,
  CHANGED: 0x2,
  UNKNOWN: 0x4,
  UNAVAILABLE: 0x8,
  EMPTY: 0x10,
  PRESENT: 0x20,
  MUTE: 0x200,
} as const;
/** the pseudo-reader whose state changes when a reader is plugged in or out */
export const PNP_NOTIFICATION = '\\\\?PnP?\\Notification';

/** PC/SC return codes we act on (unsigned 32-bit, as in the headers) */
export const SCARD = {
  S_SUCCESS: 0,
  E_CANCELLED: 0x80100002,
  E_INVALID_HANDLE: 0x80100003,
  E_UNKNOWN_READER: 0x80100009,
  E_TIMEOUT: 0x8010000a,
  E_NO_SERVICE: 0x8010001d,
  E_SERVICE_STOPPED: 0x8010001e,
  E_NO_READERS_AVAILABLE: 0x8010002e,
} as const;

export interface ReaderState {
  readonly reader: string;
  /** what we last saw (the event state of the previous call); UNAWARE at first */
  currentState: number;
  /** filled in by SCardGetStatusChange */
  eventState: number;
}

export interface WinScard {
  establishContext(): bigint | number;
  releaseContext(context: bigint | number): number;
  /** reader names; [] when none is plugged in */
  listReaders(context: bigint | number): string[];
  /** blocks (on a koffi worker thread) until a state differs from currentState or timeoutMs passes */
  getStatusChange(context: bigint | number, timeoutMs: number, states: ReaderState[]): Promise<number>;
  /** wakes a getStatusChange on the same context (it returns E_CANCELLED) */
  cancel(context: bigint | number): number;
}

const unsigned = (code: number | bigint): number => Number(BigInt.asUintN(32, BigInt(code)));

let loaded: WinScard | undefined;

/** Loads the platform's PC/SC library (once per process); throws when it is not installed. */
export function loadWinScard(): WinScard {
  loaded ??= bind();
  return loaded;
}

function bind(): WinScard {
  const lib = koffi.load(LIBRARY);
  const pcscLite = platform !== 'win32' && platform !== 'darwin';
  const LONG = pcscLite ? 'long' : 'int32_t';
  const DWORD = pcscLite ? 'unsigned long' : 'uint32_t';
  const CONTEXT = platform === 'win32' ? 'uintptr_t' : pcscLite ? 'long' : 'int32_t';
  const fields = {
    szReader: 'const char *',
    pvUserData: 'void *',
    dwCurrentState: DWORD,
    dwEventState: DWORD,
    cbAtr: DWORD,
    rgbAtr: koffi.array('uint8_t', platform === 'win32' ? 36 : 33),
  };
  // anonymous: koffi's type names are process-wide
  const readerState = platform === 'darwin' ? koffi.pack(fields) : koffi.struct(fields);
  const establish = lib.func('SCardEstablishContext', LONG, [
    DWORD,
    'void *',
    'void *',
    koffi.out(koffi.pointer(CONTEXT)),
  ]);
  const release = lib.func('SCardReleaseContext', LONG, [CONTEXT]);
  const list = lib.func(`SCardListReaders${SUFFIX}`, LONG, [
    CONTEXT,
    'const char *',
    'void *',
    koffi.inout(koffi.pointer(DWORD)),
  ]);
  const status = lib.func(`SCardGetStatusChange${SUFFIX}`, LONG, [
    CONTEXT,
    DWORD,
    koffi.inout(koffi.pointer(readerState)),
    DWORD,
  ]);
  const cancel = lib.func('SCardCancel', LONG, [CONTEXT]);
  return {
    establishContext() {
      const out: [bigint | number] = [0];
      const rc = unsigned(establish(SCARD_SCOPE_USER, null, null, out));
      if (rc !== SCARD.S_SUCCESS) throw new PcscError('SCardEstablishContext', rc);
      return out[0];
    },
    releaseContext: (context) => unsigned(release(context)),
    listReaders(context) {
      const length: [number | bigint] = [0];
      let rc = unsigned(list(context, null, null, length));
      if (rc === SCARD.E_NO_READERS_AVAILABLE) return [];
      if (rc !== SCARD.S_SUCCESS) throw new PcscError('SCardListReaders', rc);
      const buffer = Buffer.alloc(Number(length[0]));
      rc = unsigned(list(context, null, buffer, length));
      if (rc === SCARD.E_NO_READERS_AVAILABLE) return [];
      if (rc !== SCARD.S_SUCCESS) throw new PcscError('SCardListReaders', rc);
      // a multi-string: names separated by NUL, ended by an empty one
      return buffer
        .subarray(0, Number(length[0]))
        .toString('utf8')
        .split('\0')
        .filter((name) => name.length > 0);
    },
    getStatusChange(context, timeoutMs, states) {
      const native = states.map((s) => ({
        szReader: s.reader,
        pvUserData: null,
        dwCurrentState: s.currentState,
        dwEventState: 0,
        cbAtr: 0,
        rgbAtr: new Array<number>(platform === 'win32' ? 36 : 33).fill(0),
      }));
      return new Promise((resolve, reject) => {
        status.async(context, timeoutMs, native, native.length, (error: unknown, rc: number | bigint) => {
          if (error) return reject(error instanceof Error ? error : new Error(String(error)));
          native.forEach((n, i) => {
            states[i]!.eventState = Number(n.dwEventState);
          });
          resolve(unsigned(rc));
        });
      });
    },
    cancel: (context) => unsigned(cancel(context)),
  };
}

export class PcscError extends Error {
  readonly rc: number;
  constructor(call: string, rc: number) {
    super(`${call} failed: 0x${rc.toString(16)}`);
    this.rc = rc;
  }
}
