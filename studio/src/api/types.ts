// Every shape the studio exchanges with the API comes from the schemas (server/generated is
// generated from schemas/), imported type-only so nothing from the server is bundled.
export type {
  DecisionEvent, DraftCreateRequest, DraftUpdateRequest, HistoryEntry, LoginRequest, LoginResponse, PublishRequest,
  RollbackRequest, Rule, RuleCondition, RuleSetDetail, RuleSetDiff, RuleSetList, RuleSetSummary, RuleSetVersion,
  RuleSetVersionView, RuleCatalog, TestRunResult, TryResult, User, EvaluationResult, ErrorResponse, PrincipalView, Role, Family,
  ImpactRequest, ImpactResult, PortfolioFacts, PortfolioMetrics, RollRateMatrix, VintageCurves, ObligorFacts, ObligorWarningFacts,
  OrgUnit, OrgUnitList, OrgUnitCreateRequest, OrgUnitUpdateRequest, GrantContent, GrantVersion, GrantList, OverlayVersion, OverlayList,
  OverlayConflict, ConflictList, EffectiveRuleSet, ParameterBound, AuditEntry, AuditList, AuditQuery, DelegationState,
} from '../../../server/generated/schema-types';
