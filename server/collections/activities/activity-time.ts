import { ValidationError } from '../../http/errors';

/** ISO 8601 date-time that ends in an offset: `Z` or `±HH:MM`. A time without one is ambiguous, so refused. */
const WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

/** Whether YYYY-MM-DD names a day of the calendar (Date.parse takes 30 February and moves it to March). */
function isCalendarDay(day: string): boolean {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  return month >= 1 && month <= 12 && date >= 1 && date <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Why a time is refused, or undefined when it is fine: missing offset, not a real moment, or later than now plus the clock skew. */
export function timeProblem(text: string, now: Date, clockSkewMs: number): string | undefined {
  if (!WITH_OFFSET.test(text)) return 'must be an ISO 8601 date-time with an offset (e.g. 2026-12-01T09:30:00+08:00 or ...Z): a time without one is ambiguous';
  const moment = new Date(text);
  if (Number.isNaN(moment.getTime()) || !isCalendarDay(text.slice(0, 10))) return 'is not a real date and time';
  if (moment.getTime() > now.getTime() + clockSkewMs) return `is in the future (more than ${Math.round(clockSkewMs / 1000)} s after the server's clock)`;
  return undefined;
}

/** The moment of a time that carries an offset; a bad one is a 400 naming the field. */
export function momentOf(text: string, path: string, now: Date, clockSkewMs: number): Date {
  const problem = timeProblem(text, now, clockSkewMs);
  if (problem) throw new ValidationError(`${path} ${problem}`, [{ path, message: problem }]);
  return new Date(text);
}

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

/** Whether Intl knows the zone (a profile may only name one it knows). */
export function isKnownTimeZone(timeZone: string): boolean {
  try {
    formatterOf(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** The debtor's calendar day (YYYY-MM-DD) and clock time (HH:MM) of a moment, whatever offset it was given in. */
export function localDayAndTime(moment: Date, timeZone: string): { day: string; time: string } {
  const parts: Record<string, string> = {};
  for (const part of formatterOf(timeZone).formatToParts(moment)) parts[part.type] = part.value;
  return { day: `${parts.year}-${parts.month}-${parts.day}`, time: `${parts.hour}:${parts.minute}` };
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
