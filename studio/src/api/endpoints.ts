import { api, apiWithProgress, type Progress } from './client';
import type {
  DraftCreateRequest,
  DraftUpdateRequest,
  LoginResponse,
  PrincipalView,
  PublishRequest,
  RuleSetDetail,
  RuleSetDiff,
  RuleSetList,
  RuleSetVersionView,
  RuleCatalog,
  TestRunResult,
  TryResult,
  EvaluationResult,
  ImpactRequest,
  ImpactResult,
  PortfolioFacts,
  RollRateMatrix,
  VintageCurves,
  ObligorWarningFacts,
  OrgUnit,
  OrgUnitList,
  OrgUnitCreateRequest,
  OrgUnitUpdateRequest,
  GrantContent,
  GrantVersion,
  GrantList,
  OverlayVersion,
  OverlayList,
  ConflictList,
  EffectiveRuleSet,
  AuditList,
  AuditQuery,
} from './types';

const ruleSet = (key: string) => `/rulesets/${encodeURIComponent(key)}`;
const delegation = (kind: 'grants' | 'overlays', orgUnit: string, key: string) =>
  `/authority/${kind}/${encodeURIComponent(orgUnit)}/${encodeURIComponent(key)}/versions`;
type DelegationAction = 'submit' | 'approve' | 'reject' | 'publish';
/** A query string from the defined, non-empty fields. */
const query = (fields: Record<string, string | number | undefined>) => {
  const entries = Object.entries(fields).filter(([, value]) => value !== undefined && value !== '') as [string, string | number][];
  return entries.length === 0 ? '' : `?${entries.map(([name, value]) => `${name}=${encodeURIComponent(String(value))}`).join('&')}`;
};
const version = (key: string, number: number) => `${ruleSet(key)}/versions/${number}`;

/** Typed calls, one per endpoint the studio uses. */
export const endpoints = {
  login: (username: string, password: string) => api<LoginResponse>('POST', '/auth/login', { username, password }),
  logout: () => api<void>('POST', '/auth/logout'),
  me: () => api<PrincipalView>('GET', '/auth/me'),

  listRuleSets: () => api<RuleSetList>('GET', '/rulesets'),
  ruleSet: (key: string) => api<RuleSetDetail>('GET', ruleSet(key)),
  version: (key: string, number: number) => api<RuleSetVersionView>('GET', version(key, number)),
  createDraft: (key: string, body: DraftCreateRequest) => api<RuleSetVersionView>('POST', `${ruleSet(key)}/versions`, body),
  updateDraft: (key: string, number: number, body: DraftUpdateRequest) => api<RuleSetVersionView>('PUT', version(key, number), body),
  comment: (key: string, number: number, text: string) => api<RuleSetVersionView>('POST', `${version(key, number)}/comments`, { text }),
  submit: (key: string, number: number, reason?: string) => api<RuleSetVersionView>('POST', `${version(key, number)}/submit`, reason ? { reason } : {}),
  approve: (key: string, number: number, reason?: string) => api<RuleSetVersionView>('POST', `${version(key, number)}/approve`, reason ? { reason } : {}),
  reject: (key: string, number: number, reason?: string) => api<RuleSetVersionView>('POST', `${version(key, number)}/reject`, reason ? { reason } : {}),
  publish: (key: string, number: number, body: PublishRequest) => api<RuleSetVersionView>('POST', `${version(key, number)}/publish`, body),
  rollback: (key: string, toVersion: number, reason: string) => api<RuleSetVersionView>('POST', `${ruleSet(key)}/rollback`, { toVersion, reason }),
  diff: (key: string, from: number, to: number) => api<RuleSetDiff>('GET', `${ruleSet(key)}/diff?from=${from}&to=${to}`),
  runTests: (key: string, number: number) => api<TestRunResult>('POST', `${version(key, number)}/test`),
  tryVersion: (key: string, number: number, facts: Record<string, unknown>) => api<TryResult>('POST', `${version(key, number)}/try`, { facts }),
  evaluate: (key: string, facts: Record<string, unknown>) => api<EvaluationResult>('POST', `${ruleSet(key)}/evaluate`, { facts, explain: true }),
  /** The impact preview, streaming its progress to `onProgress`; aborting `signal` stops it on the server. */
  impact: (key: string, number: number, body: ImpactRequest, onProgress: (progress: Progress) => void, signal?: AbortSignal) =>
    apiWithProgress<ImpactResult>(`${version(key, number)}/impact`, body, onProgress, signal),
  portfolio: (month: string, groupBy: string) => api<PortfolioFacts>('GET', `/metrics/portfolio?month=${month}${groupBy ? `&groupBy=${groupBy}` : ''}`),
  vintages: (from: string, to: string, asOf: string) => api<VintageCurves>('GET', `/metrics/vintages?from=${from}&to=${to}&asOf=${asOf}`),
  /** An obligor's warning.obligor facts from the builder the daily run uses (one subject per line of business). */
  obligorWarningFacts: (obligorId: string) => api<ObligorWarningFacts>('GET', `/obligors/${encodeURIComponent(obligorId)}/warning-facts`),
  rollRates: (month: string) => api<RollRateMatrix>('GET', `/metrics/roll-rates?month=${month}`),
  catalog: () => api<RuleCatalog>('GET', '/rule-catalog'),

  orgUnits: () => api<OrgUnitList>('GET', '/org-units'),
  createOrgUnit: (body: OrgUnitCreateRequest) => api<OrgUnit>('POST', '/org-units', body),
  updateOrgUnit: (id: string, body: OrgUnitUpdateRequest) => api<OrgUnit>('PATCH', `/org-units/${encodeURIComponent(id)}`, body),

  grants: (filter: { orgUnit?: string; ruleSetKey?: string } = {}) => api<GrantList>('GET', `/authority/grants${query(filter)}`),
  createGrant: (orgUnit: string, key: string, basedOnVersion: number, grant: GrantContent, reason?: string) =>
    api<GrantVersion>('POST', delegation('grants', orgUnit, key), { basedOnVersion, grant, ...(reason ? { reason } : {}) }),
  updateGrant: (orgUnit: string, key: string, version: number, revision: number, grant: GrantContent) =>
    api<GrantVersion>('PUT', `${delegation('grants', orgUnit, key)}/${version}`, { revision, grant }),
  grantAction: (action: DelegationAction, orgUnit: string, key: string, version: number, reason?: string) =>
    api<GrantVersion>('POST', `${delegation('grants', orgUnit, key)}/${version}/${action}`, reason ? { reason } : {}),

  overlays: (filter: { orgUnit?: string; ruleSetKey?: string } = {}) => api<OverlayList>('GET', `/authority/overlays${query(filter)}`),
  createOverlay: (orgUnit: string, key: string, basedOnVersion: number, values: OverlayVersion['values'], reason?: string) =>
    api<OverlayVersion>('POST', delegation('overlays', orgUnit, key), { basedOnVersion, values, ...(reason ? { reason } : {}) }),
  updateOverlay: (orgUnit: string, key: string, version: number, revision: number, values: OverlayVersion['values']) =>
    api<OverlayVersion>('PUT', `${delegation('overlays', orgUnit, key)}/${version}`, { revision, values }),
  overlayAction: (action: DelegationAction, orgUnit: string, key: string, version: number, reason?: string) =>
    api<OverlayVersion>('POST', `${delegation('overlays', orgUnit, key)}/${version}/${action}`, reason ? { reason } : {}),

  conflicts: (filter: { orgUnit?: string; ruleSetKey?: string } = {}) => api<ConflictList>('GET', `/authority/conflicts${query(filter)}`),
  effective: (key: string, orgUnit: string) => api<EffectiveRuleSet>('GET', `${ruleSet(key)}/effective${query({ orgUnit })}`),
  audit: (filter: AuditQuery) => api<AuditList>('GET', `/audit${query(filter as Record<string, string | number | undefined>)}`),
};
