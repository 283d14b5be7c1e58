// How each part of the error table writes an entry: whether trying again can help, then the text in
// bokmål and in English. One helper for every part, so the parts hold only their words.
import type { ErrorTextEntry, LocalizedText } from './app-error.ts';

export const entry = (retriable: boolean, nb: LocalizedText, en: LocalizedText): ErrorTextEntry => ({
  retriable,
  nb,
  en,
});
