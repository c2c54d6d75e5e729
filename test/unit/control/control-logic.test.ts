import { makersOfPendingDraft } from '../../../server/control/approval';
import { isOverdue } from '../../../server/control/remediation';
import type { HistoryEntry } from '../../../server/store/revisioned-records';

const entry = (revision: number, action: string, actor: string) => ({ revision, action, actor }) as HistoryEntry;

test('the makers of a pending draft are those who drafted or revised it since the last approval', () => {
  expect(makersOfPendingDraft([entry(1, 'drafted', 'a')])).toEqual(['a']);
  expect(makersOfPendingDraft([entry(1, 'drafted', 'a'), entry(2, 'approved', 'b'), entry(3, 'revised', 'c'), entry(4, 'revised', 'c')])).toEqual(['c']);
});

test('a remediation is overdue from the day after its due date, while open', () => {
  expect(isOverdue({ status: 'open', dueOn: '2026-03-31' }, '2026-03-31')).toBe(false);
  expect(isOverdue({ status: 'open', dueOn: '2026-03-31' }, '2026-04-01')).toBe(true);
  expect(isOverdue({ status: 'remediated', dueOn: '2026-03-31' }, '2026-04-01')).toBe(false);
});
