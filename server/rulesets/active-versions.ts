import type { RuleSetEvaluator } from '../engine/evaluator';
import type { PreparedRuleSet } from '../engine/prepare';
import { NotFoundError, UnprocessableError } from '../http/errors';
import { activePublication, type Publication } from './ruleset.lifecycle';
import type { RuleSetVersionRecord } from './ruleset.model';
import type { RuleSetStore } from './ruleset.store';
import { toPublications } from './ruleset.views';

/** A version to evaluate, prepared, with its stored record. */
export interface ActiveVersion {
  prepared: PreparedRuleSet;
  record: RuleSetVersionRecord;
}

/** How long a process trusts its list of publications before asking the database again. */
export const PUBLICATION_REFRESH_MS = 1000;

/**
 * Hot reload without change streams: each process re-reads a key's publications at most once
 * a second when it evaluates that key, and picks the version in force by time, so a new
 * publication (or a future effective time arriving) applies within about a second everywhere.
 * Versions are immutable once submitted, so their content is cached for good.
 *
 * Under load no request waits for those reads: a list older than a second is still used while
 * one re-read runs in the background, and concurrent first uses of a key share one read.
 */
export class ActiveVersions {
  private readonly publications = new Map<string, { loadedAt: number; list: Publication[] }>();
  private readonly versions = new Map<string, RuleSetVersionRecord>();
  /** Reads under way, shared by the requests that need them. */
  private readonly reading = new Map<string, Promise<Publication[]>>();
  private readonly versionReads = new Map<string, Promise<RuleSetVersionRecord | null>>();
  /** How often a version to evaluate was looked up: one request, one look-up (tests count them). */
  lookups = 0;

  constructor(
    private readonly store: RuleSetStore,
    private readonly evaluator: RuleSetEvaluator,
    private readonly now: () => number = Date.now,
  ) {}

  /** Drops this process's publication list for a key, so the next evaluation reads it afresh. */
  forget(key: string): void {
    this.publications.delete(key);
    this.reading.delete(key);
  }

  /**
   * The prepared version to evaluate: the one named, or the one in force now. A request looks it
   * up once and hands it down (UnitEvaluation, EffectiveRuleSets), so it is checked against and
   * evaluated with one version even if a publication lands meanwhile.
   */
  async prepared(key: string, version?: number): Promise<ActiveVersion> {
    this.lookups++;
    const list = await this.publicationsOf(key);
    let number = version;
    if (number === undefined) {
      number = activePublication(list, new Date(this.now()))?.version;
      if (number === undefined) throw new NotFoundError(`Rule set "${key}" has no published version in force`, 'no_published_version');
    } else if (!list.some((publication) => publication.version === number)) {
      // A just-published version may not be in this process's list yet: look once more.
      const fresh = await this.publicationsOf(key, true);
      if (!fresh.some((publication) => publication.version === number)) {
        const exists = await this.store.findVersion(key, number);
        if (!exists) throw new NotFoundError(`No version ${number} of rule set "${key}"`);
        throw new UnprocessableError('version_not_published', `Version ${number} of ${key} is ${exists.state}; only published versions are evaluated`, [
          { path: '/body/version', message: 'is not published' },
        ]);
      }
    }
    const record = await this.version(key, number);
    return { prepared: this.evaluator.prepare({ key, version: number, hash: record.hash, content: record.content }), record };
  }

  /** Any stored version (drafts too), for replays; drafts are read fresh because they change. */
  async anyVersion(key: string, version: number): Promise<ActiveVersion> {
    const record = await this.version(key, version);
    return { prepared: this.evaluator.prepare({ key, version, hash: record.hash, content: record.content }), record };
  }

  private async version(key: string, version: number): Promise<RuleSetVersionRecord> {
    const cacheKey = `${key}@${version}`;
    const cached = this.versions.get(cacheKey);
    if (cached) return cached;
    let read = this.versionReads.get(cacheKey);
    if (!read) {
      read = this.store
        .findVersion(key, version)
        .then((found) => found ?? null)
        .finally(() => this.versionReads.delete(cacheKey));
      this.versionReads.set(cacheKey, read);
    }
    const record = await read;
    if (!record) throw new NotFoundError(`No version ${version} of rule set "${key}"`);
    if (record.state !== 'draft') this.versions.set(cacheKey, record);
    return record;
  }

  private async publicationsOf(key: string, force = false): Promise<Publication[]> {
    const cached = this.publications.get(key);
    if (force || !cached) return this.read(key, !force);
    if (this.now() - cached.loadedAt >= PUBLICATION_REFRESH_MS) this.read(key, true).catch(() => undefined);
    return cached.list;
  }

  /** A forced read never joins one that may have started before the version it looks for was published. */
  private read(key: string, join: boolean): Promise<Publication[]> {
    const pending = this.reading.get(key);
    if (join && pending) return pending;
    const read: Promise<Publication[]> = this.store.publications(key).then((records) => {
      const list = toPublications(records);
      // After forget() or a newer read, this answer may be stale: the newer one decides.
      if (this.reading.get(key) === read) this.publications.set(key, { loadedAt: this.now(), list });
      return list;
    });
    this.reading.set(key, read);
    void read
      .finally(() => {
        if (this.reading.get(key) === read) this.reading.delete(key);
      })
      .catch(() => undefined);
    return read;
  }
}
