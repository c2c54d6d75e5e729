import { lazy, Suspense, useCallback, useEffect, useMemo, useState } from 'react';
import { ApiError, type ErrorDetail } from '../api/client';
import { endpoints } from '../api/endpoints';
import type { PrincipalView, RuleSetDetail, RuleSetVersion, RuleSetVersionView, RuleCatalog } from '../api/types';
import { Pending, Status } from '../components/Status';
import { Tabs } from '../components/Tabs';
import { factsOf, type EditorVocabulary } from '../editor/completion';
import { clearLocalDraft, readLocalDraft, writeLocalDraft } from '../editor/drafts';
import { SCHEMAS } from '../editor/schemas';
import { navigate } from '../router';
import { DiffPanel } from '../ruleset/DiffPanel';
import { HistoryPanel } from '../ruleset/HistoryPanel';
import { ImpactPanel } from '../ruleset/ImpactPanel';
import { ReviewPanel } from '../ruleset/ReviewPanel';
import { TestsPanel } from '../ruleset/TestsPanel';
import { ThresholdTable } from '../ruleset/ThresholdTable';
import { TryItPanel } from '../ruleset/TryItPanel';
import { localTime, REVIEW_TERMS } from '../ruleset/review-terms';
import { FAMILY_LABELS, STATE_LABELS, TERMS } from '../terms';
import { BusyButton } from '../components/BusyButton';

// Monaco is large: load it only when a rule set is opened.
const JsonEditor = lazy(() => import('../ruleset/JsonEditor'));
const DiffEditor = lazy(() => import('../ruleset/DiffEditor'));

const TABS = ['table', 'editor', 'tests', 'try', 'impact', 'diff', 'review', 'history'] as const;
type Tab = (typeof TABS)[number];
const TAB_LABELS: Record<Tab, string> = {
  table: TERMS.table,
  editor: TERMS.editor,
  tests: TERMS.tests,
  try: TERMS.tryIt,
  impact: TERMS.impact,
  diff: TERMS.diff,
  review: TERMS.review,
  history: TERMS.history,
};

const pretty = (value: unknown) => JSON.stringify(value, null, 2);

/** `?tab=review` opens a tab directly (the approver's inbox links there). */
function initialTab(): Tab {
  const asked = new URLSearchParams(location.search).get('tab');
  return (TABS as readonly string[]).includes(asked ?? '') ? (asked as Tab) : 'table';
}

function parse(text: string): { value?: RuleSetVersion; problem?: string } {
  try {
    return { value: JSON.parse(text) as RuleSetVersion };
  } catch (error) {
    return { problem: (error as Error).message };
  }
}

/** One rule set: its versions, the selected version's content in two views, and its lifecycle. */
export function RuleSetPage({ ruleSetKey, versionParam, me }: { ruleSetKey: string; versionParam?: number; me: PrincipalView }) {
  const [detail, setDetail] = useState<RuleSetDetail>();
  const [vocabulary, setVocabulary] = useState<RuleCatalog>();
  const [view, setView] = useState<RuleSetVersionView>();
  const [text, setText] = useState('');
  const [savedText, setSavedText] = useState('');
  const [baseRevision, setBaseRevision] = useState(0);
  const [restoredAt, setRestoredAt] = useState<string>();
  const [conflict, setConflict] = useState<RuleSetVersionView>();
  const [error, setError] = useState<unknown>();
  const [notice, setNotice] = useState<string>();
  const [tab, setTab] = useState<Tab>(initialTab);
  // The units whose rule sets this user may change (their own and below): HQ's is read-only to a branch.
  const [writableUnits, setWritableUnits] = useState<Set<string>>();
  const [busy, setBusy] = useState(false);
  // Field-level problems from the last failed save / test run / submit, drawn in the editor too.
  const [serverProblems, setServerProblems] = useState<ErrorDetail[]>([]);
  const reportProblems = useCallback((caught: unknown) => setServerProblems(caught instanceof ApiError ? caught.details : []), []);

  const loadDetail = useCallback(() => endpoints.ruleSet(ruleSetKey).then(setDetail, setError), [ruleSetKey]);
  useEffect(() => {
    void loadDetail();
    endpoints.catalog().then(setVocabulary, setError);
    endpoints.orgUnits().then((units) => setWritableUnits(new Set(units.items.map((unit) => unit.id))), setError);
  }, [loadDetail]);

  const summary = detail?.summary;
  const selected = versionParam ?? summary?.versions.find((version) => version.state === 'draft')?.version ?? summary?.activeVersion ?? summary?.latestVersion;

  const showVersion = useCallback((loaded: RuleSetVersionView, preferLocal: boolean) => {
    const serverText = pretty(loaded.ruleSet);
    const local = preferLocal && loaded.state === 'draft' ? readLocalDraft(loaded.key, loaded.version) : undefined;
    setView(loaded);
    setSavedText(serverText);
    setConflict(undefined);
    if (local && local.text !== serverText) {
      setText(local.text);
      setBaseRevision(local.revision);
      setRestoredAt(local.savedAt);
    } else {
      setText(serverText);
      setBaseRevision(loaded.revision);
      setRestoredAt(undefined);
    }
  }, []);

  useEffect(() => {
    if (selected === undefined) return;
    setError(undefined);
    endpoints.version(ruleSetKey, selected).then((loaded) => showVersion(loaded, true), setError);
  }, [ruleSetKey, selected, showVersion]);

  const author = me.roles.includes('policy-owner') || me.roles.includes('admin');
  // The server refuses changes to a rule set owned above the user's unit (403 out_of_scope): offer none.
  const mayWrite = summary !== undefined && writableUnits !== undefined && writableUnits.has(summary.orgUnit);
  const editable = view?.state === 'draft' && author && mayWrite;
  const dirty = editable && text !== savedText;
  const parsed = useMemo(() => parse(text), [text]);

  const changeText = (next: string) => {
    setText(next);
    if (view && editable) writeLocalDraft(view.key, view.version, next, baseRevision);
  };

  const editorVocabulary = useMemo<EditorVocabulary | undefined>(() => {
    if (!vocabulary || !view) return undefined;
    const family = vocabulary.families.find((item) => item.family === view.ruleSet.family);
    return {
      facts: factsOf(Object.values(SCHEMAS).find((schema) => schema.$id === family?.factSchema)),
      operators: vocabulary.operators,
      parameters: parsed.value?.parameters ?? view.ruleSet.parameters,
      eventTypes: family?.events.map((event) => event.type) ?? [],
    };
  }, [vocabulary, view, parsed.value]);

  /** Saves unsaved edits; false (with the error shown) when the save failed. */
  const save = async (revision = baseRevision): Promise<boolean> => {
    if (!view) return false;
    if (!parsed.value) {
      setError(new Error(`JSON 语法错误 The JSON does not parse: ${parsed.problem}`));
      return false;
    }
    setBusy(true);
    setError(undefined);
    try {
      const updated = await endpoints.updateDraft(view.key, view.version, { revision, ruleSet: parsed.value });
      clearLocalDraft(view.key, view.version);
      showVersion(updated, false);
      setServerProblems([]);
      setNotice(`已保存 Saved revision ${updated.revision}`);
      return true;
    } catch (caught) {
      setError(caught);
      reportProblems(caught);
      if (caught instanceof ApiError && caught.code === 'stale_version') {
        endpoints.version(view.key, view.version).then(setConflict, setError);
      }
      return false;
    } finally {
      setBusy(false);
    }
  };
  const ensureSaved = async () => (dirty ? save() : true);

  const createDraft = async () => {
    if (!summary || !view) return;
    setBusy(true);
    setError(undefined);
    try {
      const created = await endpoints.createDraft(ruleSetKey, {
        basedOnVersion: summary.latestVersion,
        ruleSet: view.ruleSet,
        reason: `Draft based on v${view.version}`,
      });
      await loadDetail();
      navigate(`/rulesets/${ruleSetKey}/v/${created.version}`);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  const afterLifecycle = async (result: RuleSetVersionView) => {
    await loadDetail();
    if (result.version !== view?.version) navigate(`/rulesets/${ruleSetKey}/v/${result.version}`);
    else showVersion(result, false);
    setNotice(`${STATE_LABELS[result.state] ?? result.state}: v${result.version}`);
  };

  if (!summary) return <Pending error={error} />;

  return (
    <div className="ruleset-page">
      <header className="ruleset-header">
        <div>
          <h1>{summary.key}</h1>
          <p className="muted" data-testid="ruleset-status">
            {FAMILY_LABELS[summary.family] ?? summary.family} · {TERMS.orgUnit} {summary.orgUnit} · {TERMS.published}:{' '}
            {summary.activeVersion ? `v${summary.activeVersion}` : '—'}
            {summary.versions
              .filter((version) => version.state === 'scheduled')
              .map((version) => (
                <span key={version.version}>
                  {' '}
                  · {REVIEW_TERMS.scheduled}: v{version.version} ({version.effectiveFrom ? localTime(version.effectiveFrom) : '—'})
                </span>
              ))}
          </p>
          {writableUnits && !mayWrite && (
            <p className="muted" data-testid="read-only-owner">
              此规则集属于 {summary.orgUnit}，{me.orgUnit} 只能查看；分支机构的取值通过参数覆盖设置。Owned by {summary.orgUnit}: {me.orgUnit} may read it but
              not change it; a branch sets its own values through {TERMS.overlays}.
            </p>
          )}
        </div>
        <label className="inline">
          {TERMS.version}{' '}
          <select aria-label="version" value={selected} onChange={(event) => navigate(`/rulesets/${ruleSetKey}/v/${event.target.value}`)}>
            {[...summary.versions].reverse().map((version) => (
              <option key={version.version} value={version.version}>
                v{version.version} · {STATE_LABELS[version.state] ?? version.state}
                {version.version === summary.activeVersion ? ` · ${REVIEW_TERMS.inForce}` : ''}
              </option>
            ))}
          </select>
        </label>
        <div className="row">
          {view && !editable && author && mayWrite && (
            <BusyButton busy={busy} type="button" onClick={createDraft}>
              新建草稿 New draft from v{view.version}
            </BusyButton>
          )}
          {editable && (
            <BusyButton busy={busy} type="button" onClick={() => save()} disabled={!dirty} title="Ctrl+S">
              保存草稿 Save draft{dirty ? ' *' : ''}
            </BusyButton>
          )}
        </div>
      </header>

      {restoredAt && (
        <div className="notice" role="status">
          已恢复 {new Date(restoredAt).toLocaleString()} 未保存的修改 Restored unsaved edits from this browser.{' '}
          <button
            type="button"
            className="link"
            onClick={() => {
              if (view) {
                clearLocalDraft(view.key, view.version);
                showVersion(view, false);
              }
            }}
          >
            丢弃 Discard them
          </button>
        </div>
      )}
      <Status error={error} onDismiss={() => setError(undefined)} notice={notice} onDismissNotice={() => setNotice(undefined)} />
      {conflict && (
        <div className="card conflict" role="alert">
          <h3>冲突 Conflict: 草稿已被他人修改 the draft changed on the server (revision {conflict.revision})</h3>
          <div className="row">
            <button type="button" onClick={() => void save(conflict.revision)}>
              保留我的修改 Keep mine (save over revision {conflict.revision})
            </button>
            <button
              type="button"
              className="secondary"
              onClick={() => {
                if (view) clearLocalDraft(view.key, view.version);
                showVersion(conflict, false);
              }}
            >
              采用服务器版本 Take the server's version
            </button>
          </div>
          <p className="muted">左：服务器 Left: server · 右：我的 Right: mine</p>
          <Suspense fallback={<p className="muted">加载 Loading…</p>}>
            <DiffEditor original={pretty(conflict.ruleSet)} modified={text} height={320} />
          </Suspense>
        </div>
      )}

      <Tabs
        label="rule set views"
        idPrefix="ruleset"
        tabs={TABS.map((name) => ({ id: name, label: TAB_LABELS[name] }))}
        selected={tab}
        onSelect={setTab}
        panelClassName="tab-body"
        onPanelKeyDown={(event) => {
          if ((event.ctrlKey || event.metaKey) && event.key === 's') {
            event.preventDefault();
            if (dirty) void save();
          }
        }}
      >
        {view && (
          <>
            {tab === 'table' &&
              (parsed.value && Array.isArray(parsed.value.rules) && parsed.value.parameters ? (
                <ThresholdTable
                  ruleSet={parsed.value}
                  editable={editable}
                  operators={vocabulary?.operators.map((operator) => operator.name) ?? []}
                  onChange={(next) => changeText(pretty(next))}
                />
              ) : (
                <p className="error">JSON 有语法错误，请先在编辑器中修正 Fix the JSON in the editor first: {parsed.problem ?? 'rules or parameters missing'}</p>
              ))}
            {tab === 'editor' && (
              <Suspense fallback={<p className="muted">加载编辑器 Loading editor…</p>}>
                <JsonEditor
                  modelName={`${view.key}/v${view.version}`}
                  value={text}
                  onChange={changeText}
                  readOnly={!editable}
                  vocabulary={editorVocabulary}
                  problems={serverProblems}
                />
              </Suspense>
            )}
            {tab === 'tests' && <TestsPanel ruleSetKey={view.key} version={view.version} beforeRun={ensureSaved} onProblems={reportProblems} />}
            {tab === 'try' && (
              <TryItPanel
                ruleSetKey={view.key}
                version={view.version}
                activeVersion={summary.activeVersion}
                ruleSet={parsed.value ?? view.ruleSet}
                editable={editable}
                beforeRun={ensureSaved}
                onAddTest={(test) => {
                  if (!parsed.value) return;
                  changeText(pretty({ ...parsed.value, tests: [...parsed.value.tests, test] }));
                  setNotice(`已添加测试用例 Added test case "${test.name}" (unsaved)`);
                }}
              />
            )}
            {tab === 'impact' &&
              (summary.family === 'warning.obligor' ? (
                <ImpactPanel ruleSetKey={view.key} version={view.version} beforeRun={ensureSaved} />
              ) : (
                <p className="muted">
                  影响预览基于履约义务人指标，仅适用于 warning.obligor。Impact preview runs over obligor facts, so it applies to warning.obligor.
                </p>
              ))}
            {tab === 'diff' && <DiffPanel summary={summary} defaultFrom={summary.activeVersion ?? Math.max(1, view.version - 1)} defaultTo={view.version} />}
            {tab === 'review' && (
              <ReviewPanel view={view} summary={summary} me={me} beforeSubmit={ensureSaved} onDone={afterLifecycle} onProblems={reportProblems} />
            )}
            {tab === 'history' && <HistoryPanel history={detail?.history ?? []} />}
          </>
        )}
      </Tabs>
    </div>
  );
}
