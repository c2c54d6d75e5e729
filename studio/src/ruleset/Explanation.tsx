import type { TryResult } from '../api/types';
import { formatValue } from '../editor/threshold-table';
import { EVALUATION_TERMS } from './evaluation-terms';

/** The explanation's shapes come from schemas/rulesets/evaluation-rule.json and evaluation-condition.json. */
export type ExplainedRule = TryResult['explanation']['rules'][number];
type Node = ExplainedRule['conditions'];
type Leaf = Extract<Node, { fact: string }>;

const mark = (result: boolean | null) => (result === null ? '· 未评估 not evaluated' : result ? '✓ true' : '✗ false');

/** What the leaf compared: the fact's value, or why there is none (not sent, or not evaluated). */
function factShown(leaf: Leaf): string {
  if (leaf.missing?.includes(leaf.fact)) return EVALUATION_TERMS.absent;
  return 'factValue' in leaf ? formatValue(leaf.factValue) : EVALUATION_TERMS.notEvaluated;
}

/** The value compared with, and whether the fact it names was not sent. */
function expectedShown(leaf: Leaf): string {
  const expected = leaf.expected;
  const named = expected !== null && typeof expected === 'object' && !Array.isArray(expected) && 'fact' in expected ? String(expected.fact) : undefined;
  return named !== undefined && leaf.missing?.includes(named) ? `${named} ${EVALUATION_TERMS.absent}` : formatValue(expected);
}

function ConditionView({ node }: { node: Node }) {
  if ('all' in node || 'any' in node) {
    const children = 'all' in node ? node.all : node.any;
    return (
      <li>
        <span className={`result-${String(node.result)}`}>
          {'all' in node ? '全部 all' : '任一 any'} {mark(node.result)}
        </span>
        <ul>
          {children.map((child, index) => (
            <ConditionView key={index} node={child} />
          ))}
        </ul>
      </li>
    );
  }
  if ('not' in node) {
    return (
      <li>
        <span className={`result-${String(node.result)}`}>非 not {mark(node.result)}</span>
        <ul>
          <ConditionView node={node.not} />
        </ul>
      </li>
    );
  }
  return (
    <li className={`result-${String(node.result)}`}>
      <code>{node.fact}</code> = {factShown(node)} {node.operator} {expectedShown(node)}
      {node.params && node.params.length > 0 ? ` (${node.params.join(', ')})` : ''} → {mark(node.result)}
    </li>
  );
}

/** Every rule with each condition's fact value, operator, expected value and result. */
export function Explanation({ rules, onlyFired }: { rules: ExplainedRule[]; onlyFired: boolean }) {
  const shown = onlyFired ? rules.filter((rule) => rule.result) : rules;
  return (
    <ul className="explanation">
      {shown.map((rule) => (
        <li key={rule.name}>
          <strong className={rule.result ? 'pass' : 'muted'}>
            {rule.result ? '触发 fired' : '未触发 not fired'}: {rule.name}
          </strong>{' '}
          <span className="muted">{rule.basis}</span>
          {rule.missingFacts.length > 0 && (
            <div className="rule-missing-facts">
              {EVALUATION_TERMS.missingForRule}:{' '}
              {rule.missingFacts.map((fact, index) => (
                <span key={fact}>
                  {index > 0 ? ', ' : ''}
                  <code>{fact}</code>
                </span>
              ))}
            </div>
          )}
          <ul>
            <ConditionView node={rule.conditions} />
          </ul>
        </li>
      ))}
    </ul>
  );
}
