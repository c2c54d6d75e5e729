import { decisionEvent, type DecisionEvent, type Facts } from '../../server/engine/evaluate';
import type { PreparedRuleSet } from '../../server/engine/prepare';

/**
 * The standard `warning.obligor` rule set written by hand in plain TypeScript: the speed a
 * compiled path can hope for. Thresholds come from the prepared version, so a pack edit that
 * changes values keeps it honest; the benchmark checks it decides exactly as the compiled path
 * before timing either, and stops if the pack's rules no longer match this function.
 */
export function handWrittenWarningObligor(prepared: PreparedRuleSet): (facts: Facts) => DecisionEvent[] {
  const value = (name: string) => prepared.parameters[name]!.value as never;
  const event = Object.fromEntries(
    prepared.rules.map((rule) => [rule.name as string, decisionEvent(rule.event as { type: string; params?: Record<string, unknown> }, rule.name as string)]),
  );
  const expectedRules = [
    'red-dpd',
    'red-dpd-subprime',
    'orange-dpd',
    'orange-dpd-subprime',
    'orange-early-default',
    'yellow-dpd',
    'yellow-dpd-subprime',
    'orange-overdue-amount',
    'orange-overdue-amount-internet',
    'orange-score-drop',
    'yellow-score-drop',
    'yellow-grade',
  ];
  if (JSON.stringify(prepared.rules.map((rule) => rule.name)) !== JSON.stringify(expectedRules)) {
    throw new Error('rules/warning.obligor.json changed its rules; update the hand-written baseline');
  }
  const subprimeTiers: unknown[] = value('subprimeTiers');
  const watchGrades: unknown[] = value('watchGrades');
  const redDpd: number = value('redDpd');
  const orangeDpd: number = value('orangeDpd');
  const yellowDpd: number = value('yellowDpd');
  const redSub: number = value('redDpdSubprime');
  const orangeSub: number = value('orangeDpdSubprime');
  const yellowSub: number = value('yellowDpdSubprime');
  const earlyMonths: number = value('earlyVintageMonths');
  const earlyDpd: number = value('earlyDefaultDpd');
  const largeAmount: number = value('largeOverdueAmount');
  const largeAmountInternet: number = value('largeOverdueAmountInternet');
  const significantDrop: number = value('significantScoreDrop');
  const severeDrop: number = value('severeScoreDrop');
  const notches: number = value('gradeDowngradeNotches');
  const isNumber = (fact: unknown): fact is number => typeof fact === 'number' && Number.isFinite(fact);
  const inRange = (fact: unknown, low: number, high: number) => isNumber(fact) && fact >= low && fact < high;

  return (facts) => {
    const { dpd, customerTier, internetBusiness, monthsOnBook, overdueAmount, scoreDrop, gradeDowngrade, grade } = facts;
    // The platform's `in` is false for an absent fact, so `not in` is true for it.
    const subprime = customerTier !== undefined && subprimeTiers.includes(customerTier);
    const internet = internetBusiness === true;
    const early = isNumber(monthsOnBook) && monthsOnBook <= earlyMonths;
    const fired: DecisionEvent[] = [];
    if (!subprime && isNumber(dpd) && dpd >= redDpd) fired.push(event['red-dpd']!);
    if (subprime && isNumber(dpd) && dpd >= redSub) fired.push(event['red-dpd-subprime']!);
    if (!subprime && inRange(dpd, orangeDpd, redDpd)) fired.push(event['orange-dpd']!);
    if (subprime && inRange(dpd, orangeSub, redSub)) fired.push(event['orange-dpd-subprime']!);
    if (!subprime && early && inRange(dpd, earlyDpd, orangeDpd)) fired.push(event['orange-early-default']!);
    if (!internet && isNumber(overdueAmount) && overdueAmount >= largeAmount) fired.push(event['orange-overdue-amount']!);
    if (internet && isNumber(overdueAmount) && overdueAmount >= largeAmountInternet) fired.push(event['orange-overdue-amount-internet']!);
    if (isNumber(scoreDrop) && scoreDrop >= severeDrop) fired.push(event['orange-score-drop']!);
    if (!subprime && inRange(dpd, yellowDpd, orangeDpd) && (!early || (isNumber(dpd) && dpd < earlyDpd))) fired.push(event['yellow-dpd']!);
    if (subprime && inRange(dpd, yellowSub, orangeSub)) fired.push(event['yellow-dpd-subprime']!);
    if (inRange(scoreDrop, significantDrop, severeDrop)) fired.push(event['yellow-score-drop']!);
    if ((isNumber(gradeDowngrade) && gradeDowngrade >= notches) || (grade !== undefined && watchGrades.includes(grade))) fired.push(event['yellow-grade']!);
    return fired;
  };
}
