import type { HistoryEntry, RuleSetSummary, RuleSetVersionView } from '../generated/schema-types';
import { activePublication, displayState, type Publication } from './ruleset.lifecycle';
import type { RuleSetActionRecord, RuleSetPublicationRecord, RuleSetVersionRecord } from './ruleset.model';
import type { VersionHeader as Header } from './ruleset.store';

export function toHistoryEntry(record: RuleSetActionRecord): HistoryEntry {
  return {
    action: record.action,
    version: record.version,
    actor: record.actor,
    at: record.at.toISOString(),
    ...(record.reason ? { reason: record.reason } : {}),
    ...(record.fromState ? { fromState: record.fromState } : {}),
    ...(record.toState ? { toState: record.toState } : {}),
    ...(record.effectiveFrom ? { effectiveFrom: record.effectiveFrom.toISOString() } : {}),
    ...(record.details ? { details: record.details } : {}),
  };
}

export function toPublications(records: readonly RuleSetPublicationRecord[]): Publication[] {
  return records.map((record) => ({ version: record.version, effectiveFrom: new Date(record.effectiveFrom), publishedAt: new Date(record.publishedAt) }));
}

export function toVersionView(
  record: RuleSetVersionRecord,
  publications: readonly Publication[],
  history: RuleSetActionRecord[] | undefined,
  now = new Date(),
): RuleSetVersionView {
  return {
    key: record.key,
    version: record.version,
    state: displayState(record.version, record.state, publications, now),
    revision: record.revision,
    hash: record.hash,
    author: record.author,
    makers: record.makers ?? [record.author],
    ...(record.basedOnVersion !== undefined ? { basedOnVersion: record.basedOnVersion } : {}),
    ...(record.rollbackOf !== undefined ? { rollbackOf: record.rollbackOf } : {}),
    ...(record.approvedBy ? { approvedBy: record.approvedBy } : {}),
    ...(record.publishedBy ? { publishedBy: record.publishedBy } : {}),
    ...(record.effectiveFrom ? { effectiveFrom: record.effectiveFrom.toISOString() } : {}),
    ...(record.publishedAt ? { publishedAt: record.publishedAt.toISOString() } : {}),
    createdAt: record.createdAt.toISOString(),
    updatedAt: record.updatedAt.toISOString(),
    ruleSet: record.content,
    ...(history ? { history: history.map(toHistoryEntry) } : {}),
  };
}

/** One summary per key from version headers (sorted by version) and its publications. */
export function toSummaries(headers: readonly Header[], publications: readonly RuleSetPublicationRecord[], now = new Date()): RuleSetSummary[] {
  const byKey = new Map<string, Header[]>();
  for (const header of headers) byKey.set(header.key, [...(byKey.get(header.key) ?? []), header]);
  return [...byKey.entries()].map(([key, versions]) => {
    const own = toPublications(publications.filter((publication) => publication.key === key));
    const latest = versions[versions.length - 1]!;
    return {
      key,
      family: latest.family,
      orgUnit: latest.orgUnit,
      ...(latest.description ? { description: latest.description } : {}),
      latestVersion: latest.version,
      activeVersion: activePublication(own, now)?.version ?? null,
      versions: versions.map((version) => ({
        version: version.version,
        state: displayState(version.version, version.state, own, now),
        author: version.author,
        makers: version.makers ?? [version.author],
        hash: version.hash,
        ...(version.effectiveFrom ? { effectiveFrom: new Date(version.effectiveFrom).toISOString() } : {}),
        createdAt: new Date(version.createdAt).toISOString(),
      })),
    };
  });
}
