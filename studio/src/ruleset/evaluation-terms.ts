/** Labels of evaluation results (try-it, explanations), Chinese and English side by side like terms.ts. */
export const EVALUATION_TERMS = {
  missingFacts: '缺失指标 Missing facts',
  missingFactsNone: '无：每条规则都由所给指标判定 None: every rule was decided by the facts given',
  missingFactsHint:
    '未提供；需要它们的规则无法判定，按未触发处理（严格模式下会被拒绝） Not sent: the rules that need them could not be decided and count as not fired (a strict call is refused)',
  missingForRule: '缺失指标 missing',
  absent: '（缺失 absent）',
  notEvaluated: '（未评估 not evaluated）',
} as const;
