const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterOf(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
      timeZoneName: 'longOffset',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** A moment as the debtor's wall clock with its offset (`2026-11-20T15:00:41+08:00`), so a reader never converts. */
export function localIso(moment: Date, timeZone: string): string {
  const parts: Record<string, string> = {};
  for (const part of formatterOf(timeZone).formatToParts(moment)) parts[part.type] = part.value;
  const offset = parts.timeZoneName === 'GMT' ? '+00:00' : parts.timeZoneName!.replace('GMT', '');
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}${offset}`;
}

/** The first moment of a calendar day (YYYY-MM-DD) in a time zone: where a day-only event (a repayment, a run's change) is placed. */
export function startOfDay(day: string, timeZone: string): Date {
  const midnightUtc = new Date(`${day.slice(0, 10)}T00:00:00Z`);
  // The zone's offset at that moment; a day starting in a DST change is off by the change at most, enough for ordering.
  const shown = localIso(midnightUtc, timeZone);
  const offset = shown.slice(19);
  const sign = offset.startsWith('-') ? -1 : 1;
  const minutes = sign * (Number(offset.slice(1, 3)) * 60 + Number(offset.slice(4, 6)));
  return new Date(midnightUtc.getTime() - minutes * 60_000);
}
