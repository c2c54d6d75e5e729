import { formatValue } from '../editor/threshold-table';

type Node = { all?: Node[]; any?: Node[]; not?: Node; result: boolean | null; fact?: string; operator?: string; expected?: unknown; factValue?: unknown; params?: string[] };
export interface ExplainedRule {
  name: string;
  basis: string;
  result: boolean;
  event: { type: string; params?: Record<string, unknown> };
  conditions: Node;
}

const mark = (result: boolean | null) => (result === null ? '· 未评估 not evaluated' : result ? '✓ true' : '✗ false');

function ConditionView({ node }: { node: Node }) {
  if (node.all || node.any) {
    const children = (node.all ?? node.any)!;
    return (
      <li>
        <span className={`result-${String(node.result)}`}>{node.all ? '全部 all' : '任一 any'} {mark(node.result)}</span>
        <ul>{children.map((child, index) => <ConditionView key={index} node={child} />)}</ul>
      </li>
    );
  }
  if (node.not) {
    return (
      <li>
        <span className={`result-${String(node.result)}`}>非 not {mark(node.result)}</span>
        <ul><ConditionView node={node.not} /></ul>
      </li>
    );
  }
  return (
    <li className={`result-${String(node.result)}`}>
      <code>{node.fact}</code> = {'factValue' in node ? formatValue(node.factValue) : '（缺失 absent）'} {node.operator} {formatValue(node.expected)}
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
          <strong className={rule.result ? 'pass' : 'muted'}>{rule.result ? '触发 fired' : '未触发 not fired'}: {rule.name}</strong>{' '}
          <span className="muted">{rule.basis}</span>
          <ul><ConditionView node={rule.conditions} /></ul>
        </li>
      ))}
    </ul>
  );
}
