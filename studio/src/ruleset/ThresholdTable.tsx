import { useId, useState } from 'react';
import type { RuleSetVersion } from '../api/types';
import { describeBound, formatValue as formatInput, readBoundedInput } from '../authority/parameter-input';
import { factSchemaName, type FactSchema } from '../editor/family-schema';
import { operatorWords, unitWords } from '../editor/operator-words';
import { SCHEMAS } from '../editor/schemas';
import { applyTableEdit, formatValue, parseCellValue, thresholdRows, type Operand, type TableEdit } from '../editor/threshold-table';
import { LEVEL_LABELS, TERMS } from '../terms';
import './threshold-table.css';

interface Props {
  ruleSet: RuleSetVersion;
  operators: string[];
  editable: boolean;
  onChange: (next: RuleSetVersion) => void;
}

/**
 * The same draft as a table for people who do not read JSON: one row per threshold condition,
 * operators and units in words (`≥ 不少于 at least 30 天 days`), OR branches marked, list values
 * as separate chips. Every edit goes through applyTableEdit and back into the JSON text, so the
 * editor follows; a value the parameter's own bounds (or its type) refuse is not written at all.
 */
export function ThresholdTable({ ruleSet, operators, editable, onChange }: Props) {
  const rows = thresholdRows(ruleSet);
  const facts = (SCHEMAS[factSchemaName(ruleSet.family)] as FactSchema | undefined)?.properties ?? {};
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
      {problem && (
        <div className="error" role="alert">
          {problem}
        </div>
      )}
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
          {rows.map((row) => {
            const label = `${row.ruleName} ${row.fact}`;
            return (
              <tr key={`${row.ruleIndex}-${row.conditionPath.join('.')}`} data-rule={row.ruleName} data-fact={row.fact}>
                <td>
                  {row.ruleName}
                  {row.branches.map((branch) => (
                    <div key={branch} className="branch" data-testid="branch">
                      {branch}
                    </div>
                  ))}
                </td>
                <td className="segment">{row.segment}</td>
                <td>
                  <code>{row.fact}</code>
                </td>
                <td data-testid="operator">
                  {editable && !row.operator.startsWith('not ') ? (
                    <select
                      aria-label={`operator of ${label}`}
                      value={row.operator}
                      onChange={(event) => apply({ kind: 'operator', row, operator: event.target.value })}
                    >
                      {[...new Set([row.operator, ...operators])].map((name) => (
                        <option key={name} value={name}>
                          {operatorWords(name)}
                        </option>
                      ))}
                    </select>
                  ) : (
                    operatorWords(row.operator)
                  )}
                </td>
                <td data-testid="value">
                  <span className="chips" role={row.list ? 'list' : undefined} aria-label={row.list ? `values of ${label}` : undefined}>
                    {row.operands.map((operand, index) => (
                      <span key={index} className={row.list ? 'chip' : undefined} role={row.list ? 'listitem' : undefined}>
                        <ValueCell
                          label={`value of ${label}${row.list ? ` #${index + 1}` : ''}`}
                          operand={operand}
                          bounds={operand.param ? ruleSet.parameters[operand.param] : undefined}
                          editable={editable}
                          onCommit={(value) => apply({ kind: 'value', row, operand: index, value })}
                        />
                      </span>
                    ))}
                  </span>
                  {unitText(facts[row.fact]?.['x-unit'], row.operands, ruleSet)}
                </td>
                <td>
                  {editable && ['red', 'orange', 'yellow'].includes(row.level) ? (
                    <select
                      aria-label={`level of ${row.ruleName}`}
                      value={row.level}
                      onChange={(event) => apply({ kind: 'level', ruleIndex: row.ruleIndex, level: event.target.value })}
                    >
                      {Object.entries(LEVEL_LABELS).map(([level, text]) => (
                        <option key={level} value={level}>
                          {text}
                        </option>
                      ))}
                    </select>
                  ) : (
                    <span className={`level level-${row.level}`}>{LEVEL_LABELS[row.level] ?? row.level}</span>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/** The unit after the value: the fact's x-unit, else the unit of the parameter it reads. */
function unitText(factUnit: string | undefined, operands: Operand[], ruleSet: RuleSetVersion) {
  const unit = factUnit ?? operands.map((operand) => (operand.param ? ruleSet.parameters[operand.param]?.unit : undefined)).find(Boolean);
  const words = unitWords(unit);
  return words ? <span className="unit"> {words}</span> : null;
}

type Bounds = { min?: number; max?: number } | undefined;

/** Literal lists and list parameters are edited as comma-separated items and shown as chips. */
function shownInInput(value: unknown): string {
  return Array.isArray(value) ? formatInput(value) : formatValue(value);
}

/** What a typed value becomes, or why it is refused: the value's type, and a parameter's own min / max. */
function readCell(text: string, previous: unknown, bounds: Bounds): { value: unknown } | { problem: string } {
  const kindable = ['number', 'string', 'boolean'].includes(typeof previous) || Array.isArray(previous);
  // A { fact } reference or anything else without a plain type is read as before (JSON or text).
  if (!kindable) return { value: parseCellValue(text, previous) };
  const range = { ...(bounds?.min !== undefined ? { min: bounds.min } : {}), ...(bounds?.max !== undefined ? { max: bounds.max } : {}) };
  return readBoundedInput(text, previous as never, range, `超出参数范围 Outside the parameter's bounds`);
}

/** A value cell commits on Enter or blur, so typing "5" then "5" does not save "5" halfway; refused input stays, with its reason, and is not written. */
function ValueCell({
  label,
  operand,
  bounds,
  editable,
  onCommit,
}: {
  label: string;
  operand: Operand;
  bounds: Bounds;
  editable: boolean;
  onCommit: (value: unknown) => void;
}) {
  const { param, value } = operand;
  const shown = shownInInput(value);
  const [text, setText] = useState(shown);
  const [lastShown, setLastShown] = useState(shown);
  const [problem, setProblem] = useState<string>();
  const problemId = useId();
  if (shown !== lastShown) {
    setLastShown(shown);
    setText(shown);
    setProblem(undefined);
  }
  const commit = () => {
    if (text === shown) return setProblem(undefined);
    const read = readCell(text, value, bounds);
    if ('problem' in read) return setProblem(read.problem);
    setProblem(undefined);
    onCommit(read.value);
  };
  const range = bounds && (bounds.min !== undefined || bounds.max !== undefined) ? describeBound(bounds) : undefined;
  return (
    <span className="value-cell">
      {param && (
        <span className="param" title="parameter 参数">
          {param} =
        </span>
      )}
      {editable ? (
        <span>
          <input
            aria-label={label}
            aria-invalid={problem ? true : undefined}
            aria-describedby={problem ? problemId : undefined}
            title={range ? `范围 Bounds: ${range}` : undefined}
            value={text}
            size={Math.max(4, text.length + 1)}
            onChange={(event) => setText(event.target.value)}
            onBlur={commit}
            onKeyDown={(event) => {
              if (event.key === 'Enter') commit();
              if (event.key === 'Escape') {
                setText(shown);
                setProblem(undefined);
              }
            }}
          />
          {problem && (
            <span id={problemId} className="cell-problem" role="alert">
              {problem}
            </span>
          )}
        </span>
      ) : Array.isArray(value) ? (
        <span className="chips">
          {value.map((item, index) => (
            <span key={index} className="chip" data-testid="chip">
              {formatValue(item)}
            </span>
          ))}
        </span>
      ) : (
        <span>{shown}</span>
      )}
    </span>
  );
}
