// Layers inside src/main: each folder names the folders of src/main it may import (the way VS Code's
// `code-import-patterns` gives each area its allowed imports). Every folder may import src/shared.
// The allow-lists form a stack — nothing imports a folder above it, so no folder cycle can exist —
// and the README's "Architecture" section draws the same stack. test/unit/layers proves that a
// crossing fails.
import path from 'node:path';

/** folder → the src/main folders it may import, top of the stack first */
export const MAIN_LAYERS = {
  // the Electron shell: wires the composition root to the OS
  app: ['services', 'controller', 'ipc', 'config', 'keys', 'files'],
  // the command line: the same core without a window
  cli: ['diagnostics', 'provisioning', 'portals', 'controller', 'auth', 'card', 'config', 'keys', 'dpop', 'files'],
  // the composition root shared by the shell, the preview and the tests; chooses the window's mode
  services: [
    'diagnostics',
    'provisioning',
    'portals',
    'ipc',
    'controller',
    'auth',
    'card',
    'config',
    'keys',
    'dpop',
    'files',
  ],
  // the troubleshooting report (doctor, Feilsøking)
  diagnostics: ['provisioning', 'auth', 'card', 'config', 'keys', 'dpop', 'files'],
  // Selvbetjening: set-up and key renewal
  provisioning: ['auth', 'config', 'keys', 'dpop', 'files'],
  // national portals opened with the card session (Kjernejournal Innlogging): session create/refresh/end, the launch
  portals: ['auth', 'config', 'keys', 'dpop'],
  // the IPC router and the controller's channels
  ipc: ['controller'],
  // HelseID: login, tokens, API calls, session ending
  auth: ['config', 'keys', 'dpop', 'files'],
  // the app's state machine: takes the card and the session as ports, imports neither
  controller: [],
  // cards, main side: the card service and the handle on each module's process
  card: ['card/common', 'card/pcsc'],
  // cards, main side: PC/SC presence (readers and cards, never a card command) — the only place that loads koffi
  'card/pcsc': [],
  // cards, the module's own child process: the only place that loads PKCS#11
  'card/module-process': ['card/common'],
  // both card runtimes: the message protocol, card errors, digests, X.509
  'card/common': [],
  config: ['files'],
  keys: ['files'],
  dpop: [],
  // opening a file IT named without hanging on a FIFO or following a link: under config and keys
  files: [],
};

const SPLIT = new Set(['card']);

/** The layer a path under src/main belongs to ('card/common', 'auth', …), or undefined. */
export function mainLayer(file, mainRoot) {
  const rel = path.relative(mainRoot, file);
  if (rel.startsWith('..') || path.isAbsolute(rel)) return undefined;
  const parts = rel.split(path.sep);
  if (parts.length < 2) return undefined;
  if (SPLIT.has(parts[0]) && parts.length > 2) return `${parts[0]}/${parts[1]}`;
  return parts[0];
}

export default {
  meta: {
    type: 'problem',
    docs: { description: 'a src/main folder imports only the src/main folders its layer allows' },
    schema: [],
    messages: {
      crossing:
        'src/main/{{from}} may import {{allowed}} of src/main (and src/shared); {{specifier}} is in src/main/{{to}}. ' +
        'Move the piece to the lower folder, or pass it in as a parameter (eslint-rules/main-layers.js).',
      unknown: 'src/main/{{from}} is not a known layer: add it to MAIN_LAYERS in eslint-rules/main-layers.js.',
    },
  },
  create(context) {
    const file = context.filename;
    const mainRoot = path.join(context.cwd, 'src', 'main');
    const from = mainLayer(file, mainRoot);
    if (from === undefined) return {};
    const allowed = MAIN_LAYERS[from];
    if (allowed === undefined)
      return { Program: (node) => context.report({ node, messageId: 'unknown', data: { from } }) };
    const check = (node, specifier) => {
      if (typeof specifier !== 'string' || !specifier.startsWith('.')) return;
      const to = mainLayer(path.resolve(path.dirname(file), specifier), mainRoot);
      if (to === undefined || to === from || allowed.includes(to)) return;
      context.report({
        node,
        messageId: 'crossing',
        data: { from, to, specifier, allowed: allowed.length ? `only ${allowed.join(', ')}` : 'nothing' },
      });
    };
    return {
      ImportDeclaration: (node) => check(node, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node, node.source.value),
      ExportAllDeclaration: (node) => check(node, node.source.value),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node, node.source.value),
    };
  },
};
