import { api } from './client';
import type {
  DraftCreateRequest, DraftUpdateRequest, LoginResponse, PrincipalView, PublishRequest, RuleSetDetail, RuleSetDiff,
  RuleSetList, RuleSetVersionView, RuleCatalog, TestRunResult, TryResult, EvaluationResult, ImpactRequest, ImpactResult,
  PortfolioFacts, RollRateMatrix, VintageCurves, ObligorFacts,
} from './types';

const ruleSet = (key: string) => `/rulesets/${encodeURIComponent(key)}`;
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
  impact: (key: string, number: number, body: ImpactRequest) => api<ImpactResult>('POST', `${version(key, number)}/impact`, body),
  portfolio: (month: string, groupBy: string) => api<PortfolioFacts>('GET', `/metrics/portfolio?month=${month}${groupBy ? `&groupBy=${groupBy}` : ''}`),
  vintages: (from: string, to: string, asOf: string) => api<VintageCurves>('GET', `/metrics/vintages?from=${from}&to=${to}&asOf=${asOf}`),
  obligor: (obligorId: string) => api<ObligorFacts>('GET', `/metrics/obligors/${encodeURIComponent(obligorId)}`),
  rollRates: (month: string) => api<RollRateMatrix>('GET', `/metrics/roll-rates?month=${month}`),
  catalog: () => api<RuleCatalog>('GET', '/rule-catalog'),
};
