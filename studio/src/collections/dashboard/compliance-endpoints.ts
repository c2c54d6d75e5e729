import { api } from '../../api/client';
import type { ComplianceQuery, ComplianceReport } from '../../../../server/generated/schema-types';

export type { ComplianceQuery, ComplianceReport };

/** GET /collection/compliance with the set filters only. */
export function complianceReport(filters: ComplianceQuery, signal?: AbortSignal): Promise<ComplianceReport> {
  const query = new URLSearchParams(Object.entries(filters).filter(([, value]) => value !== undefined && value !== '') as [string, string][]);
  const text = query.toString();
  return api<ComplianceReport>('GET', `/collection/compliance${text ? `?${text}` : ''}`, undefined, signal);
}
