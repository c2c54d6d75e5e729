/**
 * The register's settings (docs/vendors.md): how long a check counts, and how far ahead the daily
 * vendor-checks job lists agencies due for a re-check.
 */
export interface VendorSettings {
  /** VENDOR_CHECK_VALID_MONTHS: a check counts until this many months after the day it was made (12: one year). */
  checkValidMonths: number;
  /** VENDOR_RECHECK_WINDOW_DAYS: an agency whose checks fall due within this many days is listed for a re-check. */
  recheckWindowDays: number;
}

export const DEFAULT_VENDOR_SETTINGS: VendorSettings = { checkValidMonths: 12, recheckWindowDays: 30 };

export function loadVendorSettings(environment: NodeJS.ProcessEnv, problems: string[]): VendorSettings {
  const read = (variable: string, fallback: number, max: number): number => {
    const raw = environment[variable]?.trim() || String(fallback);
    const value = Number(raw);
    if (Number.isInteger(value) && value >= 1 && value <= max) return value;
    problems.push(`${variable} must be an integer between 1 and ${max} (got "${raw}")`);
    return fallback;
  };
  return {
    checkValidMonths: read('VENDOR_CHECK_VALID_MONTHS', DEFAULT_VENDOR_SETTINGS.checkValidMonths, 60),
    recheckWindowDays: read('VENDOR_RECHECK_WINDOW_DAYS', DEFAULT_VENDOR_SETTINGS.recheckWindowDays, 365),
  };
}
