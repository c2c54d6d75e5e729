import type { Case } from '../../generated/schema-types';
import type { CollectionCaseRecord } from './collection-case.model';

/** A stored case as the API shows it (schemas/collections/case.json). */
export function toCaseView(record: CollectionCaseRecord): Case {
  return {
    caseId: record._id,
    obligorId: record.obligorId,
    funderLine: record.funderLine,
    line: record.line,
    orgUnit: record.orgUnit,
    status: record.status,
    closedReason: record.closedReason,
    stage: record.stage,
    stageSince: record.stageSince,
    openedOn: record.openedOn,
    closedOn: record.closedOn,
    changedOn: record.changedOn,
    facts: record.facts,
    handler: record.handler as Case['handler'],
    missingFacts: record.missingFacts,
    delinquencyDetails: record.delinquencyDetails as Case['delinquencyDetails'],
    collectionPlan: record.collectionPlan,
    maliceAssessment: record.maliceAssessment,
    placedWith: record.placedWith ?? null,
    revision: record.revision,
    createdAt: new Date(record.createdAt).toISOString(),
    updatedAt: new Date(record.updatedAt).toISOString(),
  };
}
