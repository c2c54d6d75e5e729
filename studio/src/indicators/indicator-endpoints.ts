import { useEffect, useState } from 'react';
import { api } from '../api/client';
import { queryString } from '../api/monitoring-endpoints';
// Shapes from schemas/indicators (through the generated types), imported type-only so nothing from the server is bundled.
import type {
  Indicator,
  IndicatorDetail,
  IndicatorList,
  IndicatorQuery,
  IndicatorUpdateRequest,
  IndicatorVersion,
} from '../../../server/generated/schema-types';

export type { Indicator, IndicatorDetail, IndicatorList, IndicatorVersion };

const one = (id: string) => `/indicators/${encodeURIComponent(id)}`;

/** One typed call per indicator route (server/indicators/indicators.routes.ts, docs/indicators.md). */
export const indicatorEndpoints = {
  list: (query: IndicatorQuery) => api<IndicatorList>('GET', `/indicators${queryString(query)}`),
  detail: (id: string) => api<IndicatorDetail>('GET', one(id)),
  /** An edit names the revision read (a stale one is 409 stale_version). */
  edit: (id: string, body: IndicatorUpdateRequest) => api<IndicatorDetail>('PUT', one(id), body),
  propose: (note?: string) => api<IndicatorVersion>('POST', '/indicators/versions', note ? { note } : {}),
  approve: (version: number) => api<IndicatorVersion>('POST', `/indicators/versions/${version}/approve`, {}),
};

/** The published catalogue by indicator id, for pages that show figures beside their definitions (undefined while loading or when unreadable). */
export function usePublishedIndicators(): Map<string, Indicator> | undefined {
  const [indicators, setIndicators] = useState<Map<string, Indicator>>();
  useEffect(() => {
    let live = true;
    indicatorEndpoints.list({}).then(
      (list) => live && setIndicators(new Map(list.items.map((item) => [item.indicatorId, item]))),
      // The figures stay readable without their definitions.
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, []);
  return indicators;
}
