import { dateOfMoment } from '../../../server/ground/calendar';
import { addMonths } from '../../../server/vendors/agency-calendar';
import { creditCodeCheckCharacter } from '../../../server/vendors/credit-code';
import type { TestApp } from '../../support/test-app';

/** Agencies taken through the register to admission over HTTP, for the agreement, placement and agency-key tests. */
export const today = dateOfMoment(new Date());
let serial = 0;

export function creditCode(): string {
  serial += 1;
  const first17 = `91350100P${String(process.pid % 1000).padStart(3, '0')}${String(serial).padStart(5, '0')}`;
  return `${first17}${creditCodeCheckCharacter(first17)}`;
}

export interface AgencyDetail {
  agency: { agencyId: string; status: string; revision: number };
}

async function ok<T>(app: TestApp, method: string, path: string, body: unknown, as: string): Promise<T> {
  const response = await app.request<T>(method, path, { as, body });
  if (response.status !== 200 && response.status !== 201) throw new Error(`${method} ${path}: ${response.status} ${response.text}`);
  return response.body;
}

/** Applies and, unless `admitted` is false, records the six checks and admits through maker-checker. */
export async function agency(app: TestApp, as: { maker: string; checker: string }, options: { workKinds?: string[]; admitted?: boolean } = {}) {
  let detail = await ok<AgencyDetail>(
    app,
    'POST',
    '/api/v1/vendors',
    {
      creditCode: creditCode(),
      agencyName: '福州清源催收服务有限公司',
      kind: 'collection-agency',
      workKinds: options.workKinds ?? ['collection'],
      foundedOn: addMonths(today, -60),
      bankExperienceMonths: 36,
      phoneTeamSize: 40,
      systems: { ownSystems: true, securityEvidence: ['等保三级证书 2026-001'] },
      legalRepresentative: { name: '张三', idNumber: '110101199001011234' },
    },
    as.maker,
  );
  if (options.admitted === false) return detail.agency;
  const id = detail.agency.agencyId;
  for (const subject of ['agency', 'legal-representative'])
    for (const kind of ['illegal-or-criminal', 'blacklist', 'other-adverse'])
      detail = await ok(
        app,
        'POST',
        `/api/v1/vendors/${id}/checks`,
        { revision: detail.agency.revision, subject, kind, result: 'clear', checkedOn: today, source: '信用中国', evidenceRef: `EV-${subject}-${kind}` },
        as.maker,
      );
  detail = await ok(app, 'POST', `/api/v1/vendors/${id}/admission/request`, { revision: detail.agency.revision }, as.maker);
  detail = await ok(app, 'POST', `/api/v1/vendors/${id}/admission/approve`, { revision: detail.agency.revision }, as.checker);
  return detail.agency;
}

export const TEMPLATE_CONTENT = {
  complianceDuties: ['不得有第十三条所列催收行为', '每次催收前经合规闸口检查'],
  rightsAndObligations: ['按月结算佣金', '配合质检与评估'],
  confidentiality: '对履约义务人个人信息保密，合作终止后清除',
  subDelegation: 'forbidden',
};
