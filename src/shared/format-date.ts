// Dates as people in Norway read them: dd.mm.yyyy, in the machine's local time (never ISO, never
// UTC). The same form in both languages, so a report pasted into a ticket reads one way.

const two = (n: number) => String(n).padStart(2, '0');

/** '2029-01-01T00:00:00Z' or epoch ms → '01.01.2029' (local); '' for an empty or invalid date. */
export function formatDate(value: string | number | Date): string {
  const date = toDate(value);
  return date ? `${two(date.getDate())}.${two(date.getMonth() + 1)}.${date.getFullYear()}` : '';
}

/** → '01.01.2029 14:05' (local time) */
export function formatDateTime(value: string | number | Date): string {
  const date = toDate(value);
  return date ? `${formatDate(date)} ${two(date.getHours())}:${two(date.getMinutes())}` : '';
}

function toDate(value: string | number | Date): Date | undefined {
  if (value === '') return undefined;
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}
