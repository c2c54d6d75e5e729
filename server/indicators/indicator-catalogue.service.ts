import type { AuditLog } from '../audit/audit.service';
import { assertHeadOffice } from '../authority/org-scope';
import type {
  Indicator,
  IndicatorDetail,
  IndicatorList,
  IndicatorQuery,
  IndicatorUpdateRequest,
  IndicatorVersion,
  IndicatorVersionRequest,
} from '../generated/schema-types';
import { ConflictError, ForbiddenError, NotFoundError } from '../http/errors';
import { actorName, type Principal } from '../identity/principal';
import type { HistoryEntry } from '../store/revisioned-records';
import type { IndicatorRecord, IndicatorStore, IndicatorVersionRecord } from './indicator.store';
import type { StandardCatalogue, StandardEntry } from './standard-catalogue';

const SYSTEM = 'system';
/** Proposals a second writer may race for the same number before giving up. */
const PROPOSAL_ATTEMPTS = 3;

/**
 * The indicator catalogue (Art. 6): entries edited as revisions with history (409 stale_version on
 * a stale revision), versions proposed from the entries as they stand and published by an approver
 * who neither proposed nor edited since the last publication (403 maker_checker); every change
 * audited. HQ's: branches read it. The shipped standard catalogue seeds the entries (new ones
 * join as they appear in a release) and, on an empty database, published version 1.
 */
export class IndicatorCatalogueService {
  private readonly standard: Map<string, StandardEntry>;

  constructor(
    private readonly store: IndicatorStore,
    private readonly catalogue: StandardCatalogue,
    private readonly audit: AuditLog,
  ) {
    this.standard = new Map(catalogue.entries.map((entry) => [entry.indicatorId, entry]));
  }

  /** Seeds entries the database lacks, and version 1 when there is none; two processes at once seed once (unique ids). */
  async seed(now = new Date()): Promise<void> {
    const records: IndicatorRecord[] = this.catalogue.entries.map((entry) => ({
      _id: entry.indicatorId,
      content: entry.content,
      revision: 1,
      updatedAt: now,
      updatedBy: SYSTEM,
    }));
    await this.store.insertNew(records, () => ({ action: 'seeded', actor: SYSTEM, at: now, asOf: null, note: null, decisionId: null, facts: null }));
    if ((await this.store.listVersions()).length > 0) return;
    await this.store.insertVersion({
      _id: 'v1',
      version: 1,
      state: 'published',
      entries: await this.store.all(),
      proposedBy: SYSTEM,
      editors: [],
      proposedAt: now,
      approvedBy: SYSTEM,
      publishedAt: now,
      note: '标准指标目录 The standard catalogue',
    });
  }

  async list(query: IndicatorQuery): Promise<IndicatorList> {
    const versions = await this.store.listVersions();
    const published = versions.find((version) => version.state === 'published');
    const view = query.view ?? 'published';
    const records = view === 'draft' ? await this.store.all() : (published?.entries ?? []);
    const items = records.map((record) => this.view(record)).filter((item) => !query.category || item.category === query.category);
    return { view, version: view === 'draft' ? null : (published?.version ?? null), items, versions: versions.map(versionView) };
  }

  async detail(indicatorId: string): Promise<IndicatorDetail> {
    const record = await this.store.find(indicatorId);
    if (!record || !this.standard.has(indicatorId)) throw new NotFoundError(`No indicator "${indicatorId}"`);
    const published = (await this.store.listVersions()).find((version) => version.state === 'published');
    const inVersion = published?.entries.find((entry) => entry._id === indicatorId);
    return {
      indicator: this.view(record),
      published: inVersion ? this.view(inVersion) : null,
      history: (await this.store.historyOf(indicatorId)).map(changeView),
    };
  }

  async edit(principal: Principal, indicatorId: string, body: IndicatorUpdateRequest): Promise<IndicatorDetail> {
    assertHeadOffice(principal, 'The indicator catalogue is HQ’s');
    const record = await this.store.find(indicatorId);
    if (!record || !this.standard.has(indicatorId)) throw new NotFoundError(`No indicator "${indicatorId}"`);
    const stale = () =>
      new ConflictError('stale_version', `Indicator ${indicatorId} is at revision ${record.revision}, not ${body.revision}: reload and edit again`, [
        { path: '/body/revision', message: `the entry is at revision ${record.revision}`, currentRevision: record.revision },
      ]);
    if (record.revision !== body.revision) throw stale();
    const actor = actorName(principal);
    const at = new Date();
    const applied = await this.store.applyOne({
      id: indicatorId,
      expectedRevision: body.revision,
      set: { content: body.content, updatedAt: at, updatedBy: actor },
      entry: { action: 'edited', actor, at, asOf: null, note: body.note ?? null, decisionId: null, facts: null },
    });
    if (!applied) throw stale();
    await this.audit.record({
      actor,
      action: 'indicator.edited',
      entity: { kind: 'indicator', id: indicatorId },
      orgUnit: principal.orgUnit,
      before: { revision: record.revision, content: record.content },
      after: { revision: record.revision + 1, content: body.content },
      ...(body.note ? { reason: body.note } : {}),
    });
    return this.detail(indicatorId);
  }

  /** A new version from the entries as they stand; one awaiting approval at a time (409 invalid_state). */
  async propose(principal: Principal, body: IndicatorVersionRequest): Promise<IndicatorVersion> {
    assertHeadOffice(principal, 'The indicator catalogue is HQ’s');
    const actor = actorName(principal);
    for (let attempt = 0; attempt < PROPOSAL_ATTEMPTS; attempt++) {
      const versions = await this.store.listVersions();
      const pending = versions.find((version) => version.state === 'proposed');
      if (pending) throw new ConflictError('invalid_state', `Version ${pending.version} awaits approval: approve it before proposing another`);
      const published = versions.find((version) => version.state === 'published');
      const now = new Date();
      const record: IndicatorVersionRecord = {
        _id: `v${(versions[0]?.version ?? 0) + 1}`,
        version: (versions[0]?.version ?? 0) + 1,
        state: 'proposed',
        entries: await this.store.all(),
        proposedBy: actor,
        editors: published ? await this.store.editorsSince(published.proposedAt) : [],
        proposedAt: now,
        approvedBy: null,
        publishedAt: null,
        note: body.note ?? null,
      };
      if (!(await this.store.insertVersion(record))) continue;
      await this.audit.record({
        actor,
        action: 'indicator-catalogue.proposed',
        entity: { kind: 'indicator', id: record._id },
        orgUnit: principal.orgUnit,
        after: { version: record.version, editors: record.editors, count: record.entries.length },
        ...(body.note ? { reason: body.note } : {}),
      });
      return versionView(record);
    }
    throw new ConflictError('invalid_state', 'Another proposal was made at the same time: reload the catalogue');
  }

  /** Publishes a proposed version: not by who proposed it or edited entries for it (403 maker_checker). */
  async approve(principal: Principal, version: number, body: IndicatorVersionRequest): Promise<IndicatorVersion> {
    assertHeadOffice(principal, 'The indicator catalogue is HQ’s');
    const record = await this.store.findVersion(version);
    if (!record) throw new NotFoundError(`No catalogue version ${version}`);
    if (record.state !== 'proposed') throw new ConflictError('invalid_state', `Catalogue version ${version} is ${record.state}, not proposed`);
    const actor = actorName(principal);
    if (actor === record.proposedBy || record.editors.includes(actor))
      throw new ForbiddenError('The catalogue version must be approved by someone who neither proposed it nor edited its entries', 'maker_checker');
    const publishedAt = new Date();
    const previous = (await this.store.listVersions()).filter((candidate) => candidate.state === 'published');
    if (!(await this.store.moveVersion(version, 'proposed', { state: 'published', approvedBy: actor, publishedAt })))
      throw new ConflictError('invalid_state', `Catalogue version ${version} is no longer proposed`);
    for (const older of previous) await this.store.moveVersion(older.version, 'published', { state: 'superseded' });
    await this.audit.record({
      actor,
      action: 'indicator-catalogue.published',
      entity: { kind: 'indicator', id: record._id },
      orgUnit: principal.orgUnit,
      before: { state: 'proposed' },
      after: { state: 'published', version },
      ...(body.note ? { reason: body.note } : {}),
    });
    return versionView({ ...record, state: 'published', approvedBy: actor, publishedAt });
  }

  private view(record: IndicatorRecord): Indicator {
    const standard = this.standard.get(record._id);
    return {
      indicatorId: record._id,
      category: standard?.category ?? 'warning-indicator',
      content: record.content,
      sources: standard?.sources ?? [],
      revision: record.revision,
      updatedAt: new Date(record.updatedAt).toISOString(),
      updatedBy: record.updatedBy,
    };
  }
}

function versionView(record: IndicatorVersionRecord): IndicatorVersion {
  return {
    version: record.version,
    state: record.state,
    proposedBy: record.proposedBy,
    editors: record.editors,
    proposedAt: new Date(record.proposedAt).toISOString(),
    approvedBy: record.approvedBy,
    publishedAt: record.publishedAt ? new Date(record.publishedAt).toISOString() : null,
    count: record.entries.length,
  };
}

function changeView(entry: HistoryEntry): IndicatorDetail['history'][number] {
  return {
    revision: entry.revision,
    action: entry.action === 'seeded' ? 'seeded' : 'edited',
    actor: entry.actor,
    at: new Date(entry.at).toISOString(),
    note: entry.note,
    content: entry.set.content as IndicatorDetail['history'][number]['content'],
  };
}
