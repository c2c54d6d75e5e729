import type { ErrorDetail } from '../http/errors';
import { COMPONENTS, type Component, type Components } from './recovery-case.model';

/**
 * The recovery ledger's arithmetic, pure: what is outstanding by component (never above what is
 * legally due, never below zero), whether a booking fits, and how an imported recovery (which
 * names no component) is allocated.
 */
const key = (component: Component) => `${component}Cents` as const;

export function sum(components: Components): number {
  return components.indemnityCents + components.penaltyCents + components.costsCents;
}

export function add(first: Components, second: Components): Components {
  return mapComponents((component) => first[key(component)] + second[key(component)]);
}

export function mapComponents(value: (component: Component) => number): Components {
  return { indemnityCents: value('indemnity'), penaltyCents: value('penalty'), costsCents: value('costs') };
}

/** The receivable by component: due less recovered less written off. Recoveries are never booked past what is due, so it is never negative. */
export function outstanding(due: Components, recovered: Components, writtenOff: Components): Components {
  return mapComponents((component) => Math.max(0, due[key(component)] - recovered[key(component)] - writtenOff[key(component)]));
}

/**
 * Why a booking (a recovery or a write-off) does not fit what is outstanding: one detail per
 * component that would take the receivable below zero (the ledger would then show recoveries
 * above what is legally due). Empty when it fits.
 */
export function bookingProblems(open: Components, booking: Components, path: string): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  for (const component of COMPONENTS) {
    const amount = booking[key(component)];
    if (amount > open[key(component)])
      problems.push({
        path: `${path}/${component}`,
        message: `exceeds the ${component} outstanding (${yuan(open[key(component)])} yuan; booked ${yuan(amount)})`,
      });
  }
  if (sum(booking) === 0) problems.push({ path, message: 'books nothing: at least one component must be above zero' });
  return problems;
}

/** Why new amounts due do not fit: a component cannot be set below what was already recovered and written off on it. */
export function dueChangeProblems(due: Components, recovered: Components, writtenOff: Components, path: string): ErrorDetail[] {
  return COMPONENTS.filter((component) => due[key(component)] < recovered[key(component)] + writtenOff[key(component)]).map((component) => ({
    path: `${path}/${component}`,
    message: `is below what is already recovered and written off on it (${yuan(recovered[key(component)] + writtenOff[key(component)])} yuan)`,
  }));
}

/**
 * The order an imported recovery (an amount without components) pays the components in: costs,
 * then the penalty, then the indemnity, the order the Civil Code sets for a payment that does not
 * cover the whole debt (民法典第五百六十一条: 实现债权的有关费用, 利息, 主债务).
 */
export const IMPORT_ORDER: readonly Component[] = ['costs', 'penalty', 'indemnity'];

/** An imported amount allocated in IMPORT_ORDER up to what is outstanding; what exceeds it stays unallocated. */
export function allocateImported(amountCents: number, open: Components): { components: Components; unallocatedCents: number } {
  let left = amountCents;
  const allocated: Record<Component, number> = { indemnity: 0, penalty: 0, costs: 0 };
  for (const component of IMPORT_ORDER) {
    const part = Math.min(left, open[key(component)]);
    allocated[component] = part;
    left -= part;
  }
  return { components: mapComponents((component) => allocated[component]), unallocatedCents: left };
}

/** The allowance for a receivable at an expected recovery share: what is not expected back, rounded up to the cent (prudence, Art. 23). */
export function allowanceCents(receivableCents: number, expectedRecoveryShare: number): number {
  const share = Math.min(1, Math.max(0, expectedRecoveryShare));
  return receivableCents - Math.floor(receivableCents * share);
}

export function centsOf(yuanAmounts: Partial<Record<Component, number>>): Components {
  return mapComponents((component) => Math.round((yuanAmounts[component] ?? 0) * 100));
}

export function yuanOf(components: Components): Record<Component, number> {
  return { indemnity: components.indemnityCents / 100, penalty: components.penaltyCents / 100, costs: components.costsCents / 100 };
}

function yuan(cents: number): string {
  return (cents / 100).toFixed(2);
}
