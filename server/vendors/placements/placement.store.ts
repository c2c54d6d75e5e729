import type { Collection, Filter } from 'mongodb';
import type { Connection } from '../../store/connection';
import type { PlacementCaseKind } from '../../generated/schema-types';
import { BY_LATEST_CHANGE, collectionReader, readKeysetPage, type KeysetPage, type PageRequest } from '../../store/keyset-page';

export interface PlacementRecord {
  _id: string;
  caseKind: PlacementCaseKind;
  caseId: string;
  obligorId: string;
  orgUnit: string;
  agencyId: string;
  agreementId: string;
  status: 'open' | 'recalled';
  placedBy: string;
  placedAt: Date;
  note: string | null;
  recalledBy: string | null;
  recalledAt: Date | null;
  recallReason: string | null;
  updatedAt: Date;
}

export interface PlacementFilter {
  agencyId?: string;
  status?: 'open' | 'recalled';
  caseId?: string;
  /** The caller's units (undefined at HQ: all). */
  orgUnits?: readonly string[];
}

/** Placement records: one per placing, kept after the recall (the case's placement history). */
export class PlacementStore {
  placements!: Collection<PlacementRecord>;

  constructor(private readonly connection: Connection) {}

  async init(): Promise<void> {
    this.placements = this.connection.db!.collection<PlacementRecord>('vendor_placements');
    // The agency key's scope check at the gate and when recording: equality on all three.
    await this.placements.createIndex({ agencyId: 1, obligorId: 1, status: 1 });
    await this.placements.createIndex({ caseId: 1, status: 1 });
    // The lists, newest change first, by each filter.
    await this.placements.createIndex({ agencyId: 1, status: 1, updatedAt: -1, _id: -1 });
    await this.placements.createIndex({ agencyId: 1, status: 1, orgUnit: 1, updatedAt: -1, _id: -1 });
    await this.placements.createIndex({ agencyId: 1, updatedAt: -1, _id: -1 });
    await this.placements.createIndex({ status: 1, updatedAt: -1, _id: -1 });
    await this.placements.createIndex({ caseId: 1, updatedAt: -1, _id: -1 });
    await this.placements.createIndex({ orgUnit: 1, updatedAt: -1, _id: -1 });
    await this.placements.createIndex({ updatedAt: -1, _id: -1 });
  }

  page(filter: PlacementFilter, request: PageRequest): Promise<KeysetPage<PlacementRecord>> {
    const query: Filter<PlacementRecord> = {};
    if (filter.agencyId) query.agencyId = filter.agencyId;
    if (filter.status) query.status = filter.status;
    if (filter.caseId) query.caseId = filter.caseId;
    if (filter.orgUnits) query.orgUnit = { $in: [...filter.orgUnits] };
    return readKeysetPage(collectionReader(this.placements), query, BY_LATEST_CHANGE, request);
  }

  /** Which of these obligors have an open case placed with the agency. */
  async placedObligors(agencyId: string, obligorIds: readonly string[]): Promise<Set<string>> {
    if (obligorIds.length === 0) return new Set();
    const filter = obligorIds.length === 1 ? { obligorId: obligorIds[0] } : { obligorId: { $in: [...new Set(obligorIds)] } };
    const found = await this.placements.find({ agencyId, ...filter, status: 'open' }, { projection: { obligorId: 1 } }).toArray();
    return new Set(found.map((placement) => placement.obligorId));
  }

  /** Every placement with the agency, open or recalled (the scorecard picks those of its month). */
  ofAgency(agencyId: string): Promise<PlacementRecord[]> {
    return this.placements.find({ agencyId }).toArray();
  }

  openOf(agencyId: string): Promise<PlacementRecord[]> {
    return this.placements.find({ agencyId, status: 'open' }).toArray();
  }
}
