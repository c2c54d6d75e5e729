import type { AuditLog } from '../../audit/audit.service';
import { assertHeadOffice } from '../../authority/org-scope';
import { HEAD_OFFICE } from '../../authority/responsibility';
import type { EliminationDecisionRequest, EliminationProposal, EliminationProposalList } from '../../generated/schema-types';
import { ConflictError, ForbiddenError, NotFoundError } from '../../http/errors';
import { actorName, type Principal } from '../../identity/principal';
import type { NaturalPersons } from '../../identity/natural-person';
import { assertRevision } from '../../monitoring/queue-actions';
import type { AgencyRegister } from '../agency-register.service';
import type { AgencyRecord } from '../agency.model';
import type { KindRank } from './scorecard-arithmetic';
import type { EliminationRecord } from './scorecard.model';
import type { ScorecardStore } from './scorecard.store';

const HQ_ONLY = 'Elimination (Art. 22(2)) is decided at HQ';

/**
 * Elimination proposals (Art. 22(2)): the worst agency of a kind with three or more active gets one
 * when vendor.assessment's `terminate` measure fires, never a termination. HQ decides it through
 * maker-checker: the proposer (the person who ran the scorecards, or the job) cannot approve or reject
 * it, nor can an account that person controls; approving terminates the agency through the register
 * (its exit hooks, history, audit, vendor.terminated).
 */
export class EliminationProposals {
  constructor(
    private readonly store: ScorecardStore,
    private readonly register: AgencyRegister,
    private readonly persons: NaturalPersons,
    private readonly audit: AuditLog,
  ) {}

  /** Proposes the agency for the month once; a rerun finds the proposal it made. */
  async propose(
    agency: AgencyRecord,
    input: { month: string; decisionId: string; score: number | null; rank: KindRank; actor: string },
  ): Promise<{ id: string; created: boolean }> {
    const at = new Date();
    const record: EliminationRecord = {
      _id: `${agency._id}-${input.month}`,
      agencyId: agency._id,
      agencyName: agency.agencyName,
      kind: agency.kind,
      month: input.month,
      decisionId: input.decisionId,
      score: input.score,
      rank: input.rank.rank,
      activeOfKind: input.rank.activeOfKind,
      state: 'proposed',
      proposedBy: input.actor,
      proposedAt: at,
      decidedBy: null,
      decidedAt: null,
      reason: null,
      revision: 1,
      updatedAt: at,
    };
    const created = await this.store.insertProposal(record, {
      action: 'proposed',
      actor: input.actor,
      at,
      asOf: null,
      note: `worst of ${input.rank.activeOfKind} active ${agency.kind} agencies in ${input.month}`,
      decisionId: input.decisionId,
      facts: null,
    });
    if (created)
      await this.audit.record({
        actor: input.actor,
        action: 'agency.elimination-proposed',
        entity: { kind: 'agency', id: agency._id },
        orgUnit: HEAD_OFFICE,
        after: { proposalId: record._id, month: input.month, state: 'proposed' },
      });
    return { id: record._id, created };
  }

  async list(state: EliminationRecord['state'] | undefined): Promise<EliminationProposalList> {
    return { items: (await this.store.proposals(state)).map(toProposalView) };
  }

  async detail(proposalId: string): Promise<EliminationProposal> {
    return toProposalView(await this.require(proposalId));
  }

  async decide(action: 'approve' | 'reject', principal: Principal, proposalId: string, body: EliminationDecisionRequest): Promise<EliminationProposal> {
    assertHeadOffice(principal, HQ_ONLY);
    const proposal = await this.require(proposalId);
    assertRevision(proposal.revision, body.revision);
    if (proposal.state !== 'proposed')
      throw new ConflictError('invalid_state', `Proposal ${proposalId} is ${proposal.state} already`, [{ path: '/state', message: `is ${proposal.state}` }]);
    const actor = actorName(principal);
    if (!principal.roles.includes('approver'))
      throw new ForbiddenError(
        `Only an approver may ${action} an elimination proposal (admin does not replace the approver role: maker-checker)`,
        'maker_checker',
      );
    if (actor === proposal.proposedBy) throw new ForbiddenError(`${actor} proposed this elimination and cannot ${action} it (maker-checker)`, 'maker_checker');
    const person = await this.persons.approvalProblem(principal, {
      makers: [proposal.proposedBy],
      submittedAt: proposal.proposedAt,
      createdAt: proposal.proposedAt,
    });
    if (person) throw new ForbiddenError(person.message, person.code);
    const reason = body.reason ?? null;
    if (action === 'approve') {
      const agency = await this.register.require(proposal.agencyId);
      await this.register.terminate(principal, agency._id, {
        revision: agency.revision,
        reason: `elimination approved (Art. 22(2)): ${proposal.month}, proposal ${proposalId}${reason ? `: ${reason}` : ''}`,
      });
    }
    const at = new Date();
    const state = action === 'approve' ? 'approved' : 'rejected';
    const applied = await this.store.applyProposal({
      id: proposalId,
      expectedRevision: proposal.revision,
      set: { state, decidedBy: actor, decidedAt: at, reason, updatedAt: at },
      entry: { action: state, actor, at, asOf: null, note: reason, decisionId: proposal.decisionId, facts: null },
    });
    if (!applied) assertRevision(proposal.revision + 1, proposal.revision);
    await this.audit.record({
      actor,
      action: `agency.elimination-${state}`,
      entity: { kind: 'agency', id: proposal.agencyId },
      orgUnit: HEAD_OFFICE,
      before: { proposalId, state: proposal.state, revision: proposal.revision },
      after: { proposalId, state, revision: proposal.revision + 1 },
      ...(reason ? { reason } : {}),
    });
    return this.detail(proposalId);
  }

  private async require(proposalId: string): Promise<EliminationRecord> {
    const proposal = await this.store.proposal(proposalId);
    if (!proposal) throw new NotFoundError(`No elimination proposal "${proposalId}"`);
    return proposal;
  }
}

export function toProposalView(record: EliminationRecord): EliminationProposal {
  const { _id, proposedAt, decidedAt, updatedAt: _updatedAt, ...rest } = record;
  return { proposalId: _id, ...rest, proposedAt: proposedAt.toISOString(), decidedAt: decidedAt ? decidedAt.toISOString() : null };
}
