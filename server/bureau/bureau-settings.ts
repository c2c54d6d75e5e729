/** The credit-bureau reporting's settings (docs/bureau.md). */
export interface BureauSettings {
  /**
   * Days between the notice to the obligor and the first day its default (compensation) may be reported
   * (Art. 32(2) asks for a prior notice; 15 days give the obligor time to pay or dispute before the record is made).
   */
  noticeLeadDays: number;
}

export const DEFAULT_NOTICE_LEAD_DAYS = 15;

/** BUREAU_NOTICE_LEAD_DAYS: a whole number of days, 0 to 90; anything else is a configuration problem that stops the start with the variable named. */
export function loadBureauSettings(environment: NodeJS.ProcessEnv, problems: string[]): BureauSettings {
  const text = environment.BUREAU_NOTICE_LEAD_DAYS?.trim();
  if (text === undefined || text === '') return { noticeLeadDays: DEFAULT_NOTICE_LEAD_DAYS };
  const days = Number(text);
  if (Number.isInteger(days) && days >= 0 && days <= 90) return { noticeLeadDays: days };
  problems.push(`BUREAU_NOTICE_LEAD_DAYS must be a whole number of days from 0 to 90 (got "${text}")`);
  return { noticeLeadDays: DEFAULT_NOTICE_LEAD_DAYS };
}
