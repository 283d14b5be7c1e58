// Text put into the emulator's HTML pages (the provider's error page, the interaction, end-session,
// Selvbetjening and Kjernejournal pages): every character HTML gives a meaning is escaped.
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
