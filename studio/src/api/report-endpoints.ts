import { API_BASE, api } from './client';
import { queryString } from './monitoring-endpoints';
// Shapes from schemas/reports (through the generated types), imported type-only so nothing from
// the server is bundled.
import type { BusinessQualityQuery, BusinessQualityReport, KeyMetrics, SegmentRow } from '../../../server/generated/schema-types';

export type { BusinessQualityQuery, BusinessQualityReport, KeyMetrics, SegmentRow };

/** The report calls the studio makes. */
export const reportEndpoints = {
  businessQuality: (query: BusinessQualityQuery) => api<BusinessQualityReport>('GET', `/reports/business-quality${queryString(query)}`),
  /**
   * Where the printable page is. The session is the same-origin cookie, so a plain link opened
   * in a new tab is authenticated like every call the studio makes.
   */
  businessQualityPrintable: (query: BusinessQualityQuery) => `${API_BASE}/reports/business-quality.html${queryString(query)}`,
};
