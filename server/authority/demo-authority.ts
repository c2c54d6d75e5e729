import type { AuditLog } from '../audit/audit.service';
import type { GrantContent } from '../generated/schema-types';
import type { Logger } from '../logger';
import type { DelegationStore } from './delegation.store';
import type { OrgUnitService } from './org-unit.service';

/** The demo portfolio's branches (server/portfolio/synthetic: BRANCHES) and one sub-branch. */
export const DEMO_ORG_UNITS = [
  { id: 'BR-SH', name: '上海分公司 Shanghai branch', parent: 'HQ' },
  { id: 'BR-BJ', name: '北京分公司 Beijing branch', parent: 'HQ' },
  { id: 'BR-GD', name: '广东分公司 Guangdong branch', parent: 'HQ' },
  { id: 'BR-SC', name: '四川分公司 Sichuan branch', parent: 'HQ' },
  { id: 'BR-SH-PD', name: '浦东支公司 Pudong sub-branch', parent: 'BR-SH' },
] as const;

const DEMO_GRANT: { orgUnit: string; ruleSetKey: string; content: GrantContent } = {
  orgUnit: 'BR-SH',
  ruleSetKey: 'warning.obligor',
  content: {
    inheritToSubBranches: true,
    parameters: { orangeDpd: { min: 20, max: 40 }, yellowDpd: { min: 5, max: 15 }, watchGrades: { allowedValues: ['C', 'D', 'E'] } },
  },
};

/**
 * Demo data of a first development start: the org tree of the demo portfolio, and one published
 * grant (Shanghai may tune the obligor dpd bands) so a branch user has something to work with.
 * Like the standard pack, the grant is a seeded baseline (actor "system"), not an approved change.
 */
export async function seedDemoAuthority(orgUnits: OrgUnitService, grants: DelegationStore<GrantContent>, audit: AuditLog, logger: Logger): Promise<void> {
  const created = await orgUnits.ensureUnits(DEMO_ORG_UNITS, 'system');
  if (created.length > 0) logger.info({ orgUnits: created }, 'seeded the demo org tree');
  if ((await grants.latestVersionNumber(DEMO_GRANT.orgUnit, DEMO_GRANT.ruleSetKey)) > 0) return;
  const now = new Date();
  try {
    await grants.insert({
      ...DEMO_GRANT,
      version: 1,
      state: 'published',
      revision: 1,
      author: 'system',
      makers: ['system'],
      approvedBy: 'system',
      publishedBy: 'system',
      publishedAt: now,
      createdAt: now,
      updatedAt: now,
    });
  } catch (error) {
    // Another process starting on the same database seeded it first.
    if ((error as { code?: string }).code === 'stale_version') return;
    throw error;
  }
  await audit.record({
    actor: 'system',
    action: 'seed',
    entity: { kind: 'grant', id: `${DEMO_GRANT.orgUnit}/${DEMO_GRANT.ruleSetKey}` },
    orgUnit: DEMO_GRANT.orgUnit,
    after: { version: 1, state: 'published', content: DEMO_GRANT.content },
    reason: 'demo data of a first start (seeded without maker-checker)',
  });
}
