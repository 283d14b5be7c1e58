// What the command line (`helseid-desktop`) answers when the card or the configuration does not fit
// the command, in bokmål and English. `{wanted}` is the text given to --card, `{cards}` the cards
// present as "holder — issuer" (never a serial number or national id number).
import type { ErrorTextEntry } from './error-entry.ts';
import { entry } from './error-entry.ts';

export const CLI_ERROR_TEXTS = {
  'card-no-match': entry(
    true,
    {
      title: 'Ingen kort passer',
      what: 'Ingen kort passer til «{wanted}».',
      todo: 'Skriv en del av navnet på et av kortene som står i, etter --card: {cards}',
    },
    {
      title: 'No card matches',
      what: 'No card matches "{wanted}".',
      todo: 'Give part of the name of one of the cards present after --card: {cards}',
    },
  ),
  'card-ambiguous': entry(
    true,
    {
      title: 'Flere kort passer',
      what: '«{wanted}» passer til {count} kort: {cards}.',
      todo: 'Skriv mer av navnet etter --card.',
    },
    {
      title: 'Several cards match',
      what: '"{wanted}" matches {count} cards: {cards}.',
      todo: 'Give more of the name after --card.',
    },
  ),
  'card-choice-needed': entry(
    true,
    {
      title: 'Velg kort',
      what: 'Det står {count} kort i som kan brukes: {cards}.',
      todo: 'Velg ett med --card og en del av navnet.',
    },
    {
      title: 'Choose a card',
      what: '{count} usable cards are present: {cards}.',
      todo: 'Choose one with --card and part of its name.',
    },
  ),
  'provisioning-not-configured': entry(
    false,
    {
      title: 'Ikke satt opp for Selvbetjening',
      what: 'Oppsettet ({source}) bruker en klient laget for hånd (client med nøkkelfil), ikke en «provisioning»-blokk.',
      todo: '«setup» og «key» gjelder bare maskiner som lager sin egen klient: legg inn en «provisioning»-blokk (se README), eller se nøkkelfilen med «helseid-desktop doctor».',
    },
    {
      title: 'Not configured for Selvbetjening',
      what: 'The configuration ({source}) uses a client made by hand (client with a key file), not a "provisioning" block.',
      todo: '"setup" and "key" only apply to workstations that make their own client: add a "provisioning" block (see the README), or check the key file with "helseid-desktop doctor".',
    },
  ),
} as const satisfies Record<string, ErrorTextEntry>;
