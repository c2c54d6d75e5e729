import { ConflictError, ForbiddenError } from '../http/errors';
import type { HistoryEntry } from '../store/revisioned-records';

/** History actions that write a draft's text: whoever took one since the last approval is a maker of the pending draft. */
export const DRAFTING_ACTIONS = new Set(['drafted', 'revised']);

/** The authors of the text waiting for approval: everyone who drafted or revised it since the last approval. Pure. */
export function makersOfPendingDraft(history: readonly HistoryEntry[]): string[] {
  const lastApproval = Math.max(0, ...history.filter((entry) => entry.action === 'approved').map((entry) => entry.revision));
  return [...new Set(history.filter((entry) => entry.revision > lastApproval && DRAFTING_ACTIONS.has(entry.action)).map((entry) => entry.actor))];
}

/**
 * Maker-checker on a plan's approval: only a draft is approved (409 invalid_state otherwise), and never by one of
 * its makers (403 maker_checker).
 */
export function assertApprovable(record: { status: string }, history: readonly HistoryEntry[], approver: string): void {
  if (record.status !== 'draft') throw new ConflictError('invalid_state', 'This version is approved already: revise it first');
  if (makersOfPendingDraft(history).includes(approver))
    throw new ForbiddenError('You drafted or revised this version: another approver approves it', 'maker_checker');
}
