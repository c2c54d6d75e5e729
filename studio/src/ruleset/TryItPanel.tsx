import { useState } from 'react';
import { endpoints } from '../api/endpoints';
import type { ObligorWarningFacts, PortfolioFacts, RuleSetVersion, TryResult } from '../api/types';
import { ErrorView, FieldErrors } from '../components/ErrorView';
import { formatValue } from '../editor/threshold-table';
import { Explanation } from './Explanation';
import { EVALUATION_TERMS } from './evaluation-terms';
import { SCHEMAS } from '../editor/schemas';
import { portfolioSegmentFacts } from './book-facts';
import { BusyButton } from '../components/BusyButton';

interface Props {
  ruleSetKey: string;
  version: number;
  activeVersion: number | null | undefined;
  ruleSet: RuleSetVersion | undefined;
  editable: boolean;
  beforeRun: () => Promise<boolean>;
  onAddTest: (test: RuleSetVersion['tests'][number]) => void;
}

/** The first embedded test's facts: valid for the family by construction (publishing checks them). */
export function exampleFacts(ruleSet: RuleSetVersion | undefined): string {
  return JSON.stringify(ruleSet?.tests[0]?.facts ?? {}, null, 2);
}

/** Try it: the same facts through this version and the published one, side by side, explained. */
export function TryItPanel({ ruleSetKey, version, activeVersion, ruleSet, editable, beforeRun, onAddTest }: Props) {
  const [factsText, setFactsText] = useState(() => exampleFacts(ruleSet));
  const [results, setResults] = useState<{ mine?: TryResult; published?: TryResult }>({});
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const [testName, setTestName] = useState('');
  const [onlyFired, setOnlyFired] = useState(false);
  const [obligorId, setObligorId] = useState('');
  const [month, setMonth] = useState(() => {
    const now = new Date();
    return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1)).toISOString().slice(0, 7);
  });
  const [groupBy, setGroupBy] = useState('customerTier');
  const [portfolio, setPortfolio] = useState<PortfolioFacts>();
  // New facts (loaded, reset or edited) make the shown result an answer to other facts: clear it.
  const changeFacts = (text: string) => {
    setFactsText(text);
    setResults({});
  };

  /** Real segments from the metric module, for rule sets evaluated over portfolio figures. */
  const loadSegments = async () => {
    setError(undefined);
    try {
      setPortfolio(await endpoints.portfolio(month, groupBy));
    } catch (caught) {
      setError(caught);
    }
  };
  const pickSegment = (index: number) => {
    const segment = portfolio?.segments[index];
    if (!portfolio || !segment) return;
    const schema = SCHEMAS['rulesets/facts/warning-portfolio-facts'] as { properties?: Record<string, unknown> } | undefined;
    changeFacts(
      JSON.stringify(
        portfolioSegmentFacts(portfolio.month, segment.segment, segment.metrics as unknown as Record<string, unknown>, Object.keys(schema?.properties ?? {})),
        null,
        2,
      ),
    );
  };

  /**
   * Real facts for rule sets evaluated over obligors, from the server's one builder (the daily
   * run's), so try-it sees what monitoring would. An obligor with internet and branch loans has
   * two subjects (lines of business): the first loads, the others are offered.
   */
  const [subjects, setSubjects] = useState<ObligorWarningFacts['subjects']>([]);
  const loadObligor = async () => {
    setError(undefined);
    try {
      const found = await endpoints.obligorWarningFacts(obligorId.trim());
      setSubjects(found.subjects);
      changeFacts(JSON.stringify(found.subjects[0]!.facts, null, 2));
    } catch (caught) {
      setError(caught);
    }
  };

  const parseFacts = (): Record<string, unknown> | undefined => {
    try {
      const facts = JSON.parse(factsText) as unknown;
      if (!facts || typeof facts !== 'object' || Array.isArray(facts)) throw new Error('Facts must be a JSON object');
      return facts as Record<string, unknown>;
    } catch (caught) {
      setError(new Error(`事实不是有效的 JSON 对象 The facts are not a valid JSON object: ${(caught as Error).message}`));
      return undefined;
    }
  };

  const evaluate = async () => {
    setError(undefined);
    const facts = parseFacts();
    if (!facts) return;
    setBusy(true);
    // Clear the previous answer first, so no one reads an old result as the new one.
    setResults({});
    try {
      if (!(await beforeRun())) return;
      const [mine, published] = await Promise.all([
        endpoints.tryVersion(ruleSetKey, version, facts),
        activeVersion && activeVersion !== version ? endpoints.tryVersion(ruleSetKey, activeVersion, facts) : Promise.resolve(undefined),
      ]);
      setResults({ mine, published });
    } catch (caught) {
      setResults({});
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  const addTest = () => {
    const facts = parseFacts();
    if (!facts || !results.mine) return;
    onAddTest({
      name: testName.trim() || `try-it case ${new Date().toISOString().slice(0, 16)}`,
      facts,
      expect: { events: results.mine.events.map((event) => ({ type: event.type, ...(event.params ? { params: event.params } : {}) })) },
    });
    setTestName('');
  };

  return (
    <section aria-label="try it" className="try-it">
      <div className="try-input">
        <label>
          事实 Facts (JSON)
          <textarea aria-label="facts" rows={14} value={factsText} onChange={(event) => changeFacts(event.target.value)} spellCheck={false} />
        </label>
        {ruleSet?.family === 'warning.obligor' && (
          <div className="row">
            <input
              aria-label="obligor id"
              placeholder="履约义务人 Obligor id"
              value={obligorId}
              onChange={(event) => setObligorId(event.target.value)}
              onKeyDown={(event) => {
                if (event.key === 'Enter') void loadObligor();
              }}
            />
            <button type="button" className="secondary" onClick={loadObligor} disabled={!obligorId.trim()}>
              载入真实数据 Load from the book
            </button>
            {subjects.length > 1 &&
              subjects.map((subject) => (
                <button key={subject.subjectKey} type="button" className="secondary" onClick={() => changeFacts(JSON.stringify(subject.facts, null, 2))}>
                  {(subject.facts as { internetBusiness?: boolean }).internetBusiness ? '互联网业务 Internet business' : '网点业务 Branch business'} ·{' '}
                  {subject.orgUnit}
                </button>
              ))}
          </div>
        )}
        {ruleSet?.family === 'warning.portfolio' && (
          <div className="row">
            <input type="month" aria-label="segment month" value={month} onChange={(event) => setMonth(event.target.value)} />
            <select aria-label="segment grouping" value={groupBy} onChange={(event) => setGroupBy(event.target.value)}>
              {['customerTier', 'channel', 'product', 'orgUnit', 'customerTier,channel'].map((value) => (
                <option key={value} value={value}>
                  {value}
                </option>
              ))}
            </select>
            <button type="button" className="secondary" onClick={loadSegments}>
              载入客群 Load segments
            </button>
            {portfolio && (
              <select aria-label="segment" defaultValue="" onChange={(event) => pickSegment(Number(event.target.value))}>
                <option value="" disabled>
                  选择客群 Pick a segment ({portfolio.segments.length})
                </option>
                {portfolio.segments.map((segment, index) => (
                  <option key={index} value={index}>
                    {Object.values(segment.segment).join(' · ')}
                  </option>
                ))}
              </select>
            )}
          </div>
        )}
        <FieldErrors error={error} path="/body/facts" />
        <div className="row">
          <BusyButton busy={busy} type="button" onClick={evaluate}>
            试算 Evaluate
          </BusyButton>
          <button type="button" className="secondary" onClick={() => changeFacts(exampleFacts(ruleSet))}>
            示例 Reset to example
          </button>
          <label className="inline">
            <input type="checkbox" checked={onlyFired} onChange={(event) => setOnlyFired(event.target.checked)} /> 只看触发 fired rules only
          </label>
        </div>
        <ErrorView error={error} />
        {editable && results.mine && (
          <div className="row">
            <input aria-label="test case name" placeholder="用例名 Test case name" value={testName} onChange={(event) => setTestName(event.target.value)} />
            <button type="button" className="secondary" onClick={addTest}>
              加为测试用例 Add as test case
            </button>
          </div>
        )}
      </div>
      <div className="side-by-side">
        {results.mine && (
          <ResultColumn
            title={`本版本 This version v${results.mine.ruleSet.version} (${results.mine.state})`}
            result={results.mine}
            onlyFired={onlyFired}
            testId="try-mine"
          />
        )}
        {results.published && (
          <ResultColumn
            title={`已发布 Published v${results.published.ruleSet.version}`}
            result={results.published}
            onlyFired={onlyFired}
            testId="try-published"
          />
        )}
      </div>
    </section>
  );
}

function ResultColumn({ title, result, onlyFired, testId }: { title: string; result: TryResult; onlyFired: boolean; testId: string }) {
  return (
    <div className="card" data-testid={testId}>
      <h3>{title}</h3>
      <h4>事件 Events</h4>
      {result.events.length === 0 ? (
        <p className="muted">无事件 No events</p>
      ) : (
        <ul>
          {result.events.map((event, index) => (
            <li key={index} className="event">
              <strong>{event.type}</strong>{' '}
              {Object.entries(event.params ?? {})
                .map(([name, value]) => `${name}=${formatValue(value)}`)
                .join(', ')}
            </li>
          ))}
        </ul>
      )}
      <h4>{EVALUATION_TERMS.missingFacts}</h4>
      {result.missingFacts.length === 0 ? (
        <p className="muted" data-testid={`${testId}-missing-none`}>
          {EVALUATION_TERMS.missingFactsNone}
        </p>
      ) : (
        <div className="notice conflict" data-testid={`${testId}-missing`}>
          <ul className="missing-facts">
            {result.missingFacts.map((fact) => (
              <li key={fact}>
                <code>{fact}</code>
              </li>
            ))}
          </ul>
          <span className="muted">{EVALUATION_TERMS.missingFactsHint}</span>
        </div>
      )}
      <h4>解释 Explanation</h4>
      <Explanation rules={result.explanation.rules} onlyFired={onlyFired} />
    </div>
  );
}
