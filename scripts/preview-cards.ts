// The preview's virtual card reader, from the terminal: `pull 1` takes a card out of its reader,
// `insert 1` puts the same card back, `cards` lists them — so a newcomer can try card-out (the
// session ends or locks, and the same card with its PIN unlocks) without reading the tests.
// The cards are SoftHSM tokens (authority/cards), one folder each: pulling moves the folder out of
// SoftHSM's token folder (one rename: the app sees the card vanish within a second), inserting
// moves it back, keys and all. Cards still pulled when the preview stops are put back then, and at
// the next start, so the embedded environment's cards are never lost.
import { mkdir, readdir, rename } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { EnvironmentInfo } from '../authority/environment.ts';
import { listTokens } from '../authority/cards/softhsm-tools.ts';

export const CARD_COMMANDS_HELP = [
  'Card reader: type a command and Enter —',
  '  cards            the virtual cards and their numbers',
  '  pull <n|name>    take card n out of its reader (e.g. "pull 1" or "pull kari")',
  '  insert <n|name>  put it back (the same card: its PIN unlocks a locked session)',
];

export interface CardReaderControl {
  /** puts every pulled card back and stops reading the terminal */
  close(): Promise<void>;
}

export async function listenForCardCommands(
  info: EnvironmentInfo,
  say: (line: string) => void,
): Promise<CardReaderControl> {
  const tokens = path.join(path.dirname(info.softhsm2_conf), 'tokens');
  const pulled = path.join(path.dirname(info.softhsm2_conf), 'pulled');
  await mkdir(pulled, { recursive: true, mode: 0o700 });
  const putAllBack = async () => {
    for (const folder of await readdir(pulled)) await rename(path.join(pulled, folder), path.join(tokens, folder));
  };
  await putAllBack(); // a preview that was killed with a card out
  // SoftHSM names each token's folder after a UUID that ends with the token's serial number
  const serials = new Map((await listTokens(info.softhsm2_conf)).map((t) => [t.label, t.serial.toLowerCase()]));
  const folderOf = async (label: string, where: string) =>
    (await readdir(where)).find((f) => f.replace(/-/g, '').endsWith(serials.get(label) ?? '?'));

  const cardOf = (words: string) => {
    const n = Number(words);
    if (words && Number.isInteger(n)) return info.cards[n - 1];
    return words ? info.cards.find((c) => c.token_label.toLowerCase().includes(words.toLowerCase())) : undefined;
  };
  const move = async (label: string, from: string, to: string, verb: string) => {
    const folder = await folderOf(label, from);
    if (!folder) return say(`"${label}" is not ${verb === 'pulled' ? 'in its reader' : 'out of its reader'}`);
    await rename(path.join(from, folder), path.join(to, folder));
    say(`${verb} "${label}"`);
  };
  const lines = createInterface({ input: process.stdin, terminal: false });
  lines.on('line', (line) => {
    const [command = '', ...rest] = line.trim().split(/\s+/);
    const card = cardOf(rest.join(' '));
    const run = async () => {
      if (command === 'cards' || command === 'list')
        info.cards.forEach((c, i) => say(`  ${i + 1}. "${c.token_label}" — ${c.holder}, PIN ${c.pin}`));
      else if ((command === 'pull' || command === 'insert') && !card)
        say(`no card "${rest.join(' ')}": type "cards" for the list`);
      else if (command === 'pull') await move(card!.token_label, tokens, pulled, 'pulled');
      else if (command === 'insert') await move(card!.token_label, pulled, tokens, 'inserted');
      else if (command) say(CARD_COMMANDS_HELP.join('\n'));
    };
    run().catch((err: unknown) => say(`${command} failed: ${(err as Error).message}`));
  });
  return {
    close: async () => {
      lines.close();
      await putAllBack();
    },
  };
}
