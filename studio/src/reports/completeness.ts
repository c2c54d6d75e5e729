import { useEffect, useState } from 'react';
import { api } from '../api/client';
// Shape from schemas/portfolio (through the generated types), imported type-only.
import type { DataCompleteness } from '../../../server/generated/schema-types';
import { lastEndedMonth } from './month';

export type { DataCompleteness };

export const completenessEndpoint = () => api<DataCompleteness>('GET', '/portfolio/completeness');

/** The last day of a month, YYYY-MM-DD. */
function monthEnd(month: string): string {
  const [year, monthNumber] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(year, monthNumber, 0)).toISOString().slice(0, 10);
}

/** Whether every day of the month is complete, as the server decides it (dates compare as text). */
export function monthComplete(month: string, completeThrough: string | null | undefined): boolean {
  return !!completeThrough && monthEnd(month) <= completeThrough;
}

/**
 * How far the book's data is complete, read once per page. `defaultMonth` is the month a page
 * opens on: the last complete month, or (when nothing is known to be complete) the last month that
 * ended; undefined while it is being read, so a page never loads the wrong month first.
 */
export function useCompleteness(): { completeness?: DataCompleteness; defaultMonth?: string } {
  const [completeness, setCompleteness] = useState<DataCompleteness>();
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let live = true;
    completenessEndpoint().then(
      (loaded) => live && setCompleteness(loaded),
      () => live && setFailed(true),
    );
    return () => {
      live = false;
    };
  }, []);
  const defaultMonth = completeness ? (completeness.lastCompleteMonth ?? lastEndedMonth()) : failed ? lastEndedMonth() : undefined;
  return { completeness, defaultMonth };
}
