import type { Collection } from 'mongodb';
import type { Connection } from '../../store/connection';
import type { FindingRecord } from '../../collections/findings/finding.model';
import { FINDINGS } from '../../collections/findings/finding.model';

/**
 * Findings raised in a month against an agency's agents, not dismissed, and those of severity high or
 * critical. One count per agency on the findings' `{ actor.agencyId, foundOn }` index (declared in
 * finding.model.ts): an equality and a string range of days, which MongoDB and the local database
 * both serve from the index, so the cost grows with the agency's findings of the month, not the store.
 */
export class FindingCounts {
  private readonly findings: Collection<FindingRecord>;

  constructor(connection: Connection) {
    this.findings = connection.db!.collection<FindingRecord>(FINDINGS);
  }

  async ofMonth(agencyId: string, month: string): Promise<{ findings: number; highSeverityFindings: number }> {
    const filter = { 'actor.agencyId': agencyId, foundOn: { $gte: `${month}-01`, $lte: `${month}-31` }, status: { $ne: 'dismissed' as const } };
    const [findings, highSeverityFindings] = await Promise.all([
      this.findings.countDocuments(filter),
      this.findings.countDocuments({ ...filter, severity: { $in: ['high', 'critical'] } }),
    ]);
    return { findings, highSeverityFindings };
  }
}
