// How each part of the error table writes an entry: whether trying again can help, then the text in
// bokmål and in English. One helper for every part, so the parts hold only their words.
export interface LocalizedText {
  readonly title: string;
  /** what happened */
  readonly what: string;
  /** what to do */
  readonly todo: string;
}

export interface ErrorTextEntry {
  readonly retriable: boolean;
  readonly nb: LocalizedText;
  readonly en: LocalizedText;
}

export const entry = (retriable: boolean, nb: LocalizedText, en: LocalizedText): ErrorTextEntry => ({
  retriable,
  nb,
  en,
});
