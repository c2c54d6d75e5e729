import { HEAD_OFFICE } from '../authority/responsibility';
import type { Config } from '../config';
import { canonicalJson } from '../engine/hash';
import type { AuditLog } from './audit.service';

const SETTINGS_ID = 'configuration';

/** The settings that change what the platform decides or computes (not ports, paths or secrets). */
export function decisionSettings(config: Config): Record<string, unknown> {
  return { metricSettings: config.metricSettings, internetChannels: config.internetChannels, evaluationPath: config.evaluationPath };
}

/**
 * Settings come from the environment, so they change with a restart rather than through the API.
 * Each start compares them with the last recorded ones and records a change when they differ,
 * so the audit log also says when, for example, the M3 reading or the internet channels changed.
 * (Two processes starting together may both record the same change.)
 */
export async function recordSettingsChange(audit: AuditLog, config: Config): Promise<boolean> {
  const current = decisionSettings(config);
  const last = await audit.latest('setting', SETTINGS_ID);
  if (last && canonicalJson(last.after) === canonicalJson(current)) return false;
  await audit.record({
    actor: 'system',
    action: last ? 'change' : 'initial',
    entity: { kind: 'setting', id: SETTINGS_ID },
    orgUnit: HEAD_OFFICE,
    ...(last ? { before: last.after } : {}),
    after: current,
    reason: 'settings read from the environment at start',
  });
  return true;
}
