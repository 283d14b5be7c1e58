// The one statement of what a PIN must look like before it goes to the card: digits only, 4 to 8
// of them. Buypass's PIN letter gives 4 digits and a chosen PIN may be longer; PIV and most card
// applets take at most 8 bytes in VERIFY. Our assumption where no issuer page states a maximum —
// the card itself decides whether the PIN is right. The window's dialog, the IPC contract and the
// texts ("4–8 sifre") all read it from here.
export const PIN_MIN_DIGITS = 4;
export const PIN_MAX_DIGITS = 8;
export const PIN_PATTERN = new RegExp(`^\\d{${PIN_MIN_DIGITS},${PIN_MAX_DIGITS}}$`);
/** "4–8", as the texts say it */
export const PIN_LENGTH_WORDS = `${PIN_MIN_DIGITS}–${PIN_MAX_DIGITS}`;
