import { useState } from 'react';
import type { RuleSetVersion } from '../api/types';
import { applyTableEdit, formatValue, parseCellValue, thresholdRows, type TableEdit } from '../editor/threshold-table';
import { LEVEL_LABELS, TERMS } from '../terms';

interface Props {
  ruleSet: RuleSetVersion;
  operators: string[];
  editable: boolean;
  onChange: (next: RuleSetVersion) => void;
}

/**
 * The same draft as a table for people who do not read JSON: one row per threshold condition.
 * Every edit goes through applyTableEdit and back into the JSON text, so the editor follows.
 */
export function ThresholdTable({ ruleSet, operators, editable, onChange }: Props) {
  const rows = thresholdRows(ruleSet);
  const [problem, setProblem] = useState<string>();
  const apply = (edit: TableEdit) => {
    try {
      onChange(applyTableEdit(ruleSet, edit));
      setProblem(undefined);
    } catch (error) {
      setProblem((error as Error).message);
    }
  };
  return (
    <div>
      {problem && <div className="error" role="alert">{problem}</div>}
      <p className="muted">
        修改由参数提供的阈值会改动该参数，所有引用它的规则随之变化。Editing a value that comes from a parameter changes the parameter for every rule using it.
      </p>
      <table className="grid threshold-table" aria-label="threshold table">
        <thead>
          <tr>
            <th>规则 Rule</th>
            <th>{TERMS.segment}</th>
            <th>{TERMS.fact}</th>
            <th>{TERMS.operator}</th>
            <th>{TERMS.value}</th>
            <th>{TERMS.level}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={`${row.ruleIndex}-${row.conditionPath.join('.')}`} data-rule={row.ruleName} data-fact={row.fact}>
              <td>{row.ruleName}</td>
              <td className="segment">{row.segment}</td>
              <td><code>{row.fact}</code></td>
              <td>
                {editable && !row.operator.startsWith('not ') ? (
                  <select aria-label={`operator of ${row.ruleName} ${row.fact}`} value={row.operator} onChange={(event) => apply({ kind: 'operator', row, operator: event.target.value })}>
                    {[...new Set([row.operator, ...operators])].map((name) => (
                      <option key={name} value={name}>{name}</option>
                    ))}
                  </select>
                ) : (
                  row.operator
                )}
              </td>
              <td>
                {row.list && '['}
                {row.operands.map((operand, index) => (
                  <ValueCell
                    key={index}
                    label={`value of ${row.ruleName} ${row.fact}${row.list ? ` #${index + 1}` : ''}`}
                    param={operand.param}
                    value={operand.value}
                    editable={editable}
                    onCommit={(value) => apply({ kind: 'value', row, operand: index, value })}
                  />
                ))}
                {row.list && ']'}
              </td>
              <td>
                {editable && ['red', 'orange', 'yellow'].includes(row.level) ? (
                  <select aria-label={`level of ${row.ruleName}`} value={row.level} onChange={(event) => apply({ kind: 'level', ruleIndex: row.ruleIndex, level: event.target.value })}>
                    {Object.entries(LEVEL_LABELS).map(([level, label]) => (
                      <option key={level} value={level}>{label}</option>
                    ))}
                  </select>
                ) : (
                  <span className={`level level-${row.level}`}>{LEVEL_LABELS[row.level] ?? row.level}</span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** A value cell commits on Enter or blur, so typing "5" then "5" does not save "5" halfway. */
function ValueCell({ label, param, value, editable, onCommit }: { label: string; param?: string; value: unknown; editable: boolean; onCommit: (value: unknown) => void }) {
  const shown = formatValue(value);
  const [text, setText] = useState(shown);
  const [lastShown, setLastShown] = useState(shown);
  if (shown !== lastShown) {
    setLastShown(shown);
    setText(shown);
  }
  const commit = () => {
    if (text !== shown) onCommit(parseCellValue(text, value));
  };
  return (
    <span className="value-cell">
      {param && <span className="param" title="parameter 参数">{param} =</span>}
      {editable ? (
        <input
          aria-label={label}
          value={text}
          size={Math.max(4, text.length + 1)}
          onChange={(event) => setText(event.target.value)}
          onBlur={commit}
          onKeyDown={(event) => {
            if (event.key === 'Enter') commit();
            if (event.key === 'Escape') setText(shown);
          }}
        />
      ) : (
        <span>{shown}</span>
      )}
    </span>
  );
}
