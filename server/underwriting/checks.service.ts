import { randomUUID } from 'node:crypto';
import { isVisible, type OrgScope } from '../authority/org-scope';
import { HEAD_OFFICE } from '../authority/responsibility';
import type { DecisionRecord } from '../decisions/decision.model';
import type { DecisionStore } from '../decisions/decision.store';
import type { UnderwritingBatchCheck, UnderwritingCheck } from '../generated/schema-types';
import { dateOfMoment } from '../ground/calendar';
import { NotFoundError } from '../http/errors';
import { actorName, type Principal } from '../identity/principal';
import { checkOutcome, inSegment } from './check-logic';
import type { CheckReadModel, SegmentBlock } from './read-model';
import type { CheckEntry, ObligorCheckDocument, ObligorLine } from './underwriting.model';

/** The decision log's name for these answers: not a rule set, the read model of the block and limit records. */
const CHECK_DECISION = { key: 'underwriting.check', version: 1, hash: 'underwriting-read-model' };

interface Subject {
  obligorId: string;
  document: ObligorCheckDocument | null;
  lines: readonly ObligorLine[];
}

/**
 * The underwriting check (Arts 4, 8): blocked or not, the current limit and the reasons, from the
 * obligor's read-model document (one `_id` read) and the segment blocks held in memory; the
 * book is read only for an obligor without a document when a segment record or a branch's scope
 * needs its lines. Every answer is a decision, kept through the decision log's spool (batched,
 * bounded: a full log answers 503 rather than an unlogged check), written to the spool file before
 * the answer but by default not waiting for its fsync, which cost ten times the rest of a check.
 */
export class UnderwritingChecks {
  constructor(
    private readonly readModel: CheckReadModel,
    private readonly scope: OrgScope,
    private readonly decisions: DecisionStore,
    /** Wait for the spool's fsync (UNDERWRITING_CHECK_SYNC); by default the write only: in the file before the answer, not synced. */
    private readonly syncDecisions = false,
    private readonly today: () => string = () => dateOfMoment(new Date()),
  ) {}

  async check(principal: Principal, obligorId: string): Promise<UnderwritingCheck> {
    const answer = (await this.checkMany(principal, [obligorId]))[0]!;
    if ('error' in answer) throw new NotFoundError(answer.error.message);
    return answer;
  }

  async checkMany(principal: Principal, obligorIds: readonly string[]): Promise<UnderwritingBatchCheck['results']> {
    const segments = await this.readModel.segmentBlocks();
    // Both from memory once read (server/underwriting/read-model.ts): a warm check touches the database only to log its decision.
    const documents = await this.readModel.documentsOf(obligorIds);
    // An obligor without records has no document: its lines come from the book (one indexed read), for the segment records, a branch's scope and `known`.
    const booked = await this.readModel.linesOf(obligorIds.filter((obligorId) => !documents.get(obligorId)));
    const today = this.today();
    const at = new Date();
    const results: UnderwritingBatchCheck['results'] = [];
    const logged: DecisionRecord[] = [];
    for (const obligorId of obligorIds) {
      const document = documents.get(obligorId) ?? null;
      const subject: Subject = { obligorId, document, lines: document?.lines ?? booked.get(obligorId) ?? [] };
      if (!(await this.visible(principal, subject))) {
        results.push({ obligorId, error: { code: 'not_found', message: `No obligor "${obligorId}" in your scope` } });
        continue;
      }
      const entries: CheckEntry[] = [...(document?.entries ?? []), ...matching(segments, subject.lines)];
      const outcome = checkOutcome(entries, today);
      const decisionId = randomUUID();
      results.push({
        obligorId,
        known: document !== null || subject.lines.length > 0,
        blocked: outcome.blocked,
        limitShare: outcome.limitShare,
        limitCents: null,
        reasons: outcome.reasons,
        decisionId,
      });
      logged.push({
        decisionId,
        ruleSet: CHECK_DECISION,
        orgUnit: document?.orgUnit || subject.lines[0]?.orgUnit || HEAD_OFFICE,
        caller: actorName(principal),
        facts: { obligorId, asOf: today },
        events: [
          {
            type: outcome.blocked ? 'blocked' : 'clear',
            params: { limitShare: outcome.limitShare, records: outcome.reasons.map((reason) => reason.recordId) },
          },
        ],
        eventTypes: [outcome.blocked ? 'blocked' : 'clear'],
        at,
        durationMs: 0,
      });
    }
    if (logged.length > 0) await this.decisions.record(logged, { sync: this.syncDecisions });
    return results;
  }

  /** HQ sees every obligor; a branch only those with a record or a loan of its units (others, and the unknown, are not found). */
  private async visible(principal: Principal, subject: Subject): Promise<boolean> {
    if (principal.orgUnit === HEAD_OFFICE) return true;
    const units = new Set([...(subject.document?.orgUnit ? [subject.document.orgUnit] : []), ...subject.lines.map((line) => line.orgUnit)]);
    for (const unit of units) if (await isVisible(this.scope, principal, unit)) return true;
    return false;
  }
}

function matching(segments: readonly SegmentBlock[], lines: readonly ObligorLine[]): CheckEntry[] {
  return segments.filter(({ record }) => inSegment(record.segment ?? {}, lines)).map(({ entry }) => entry);
}
