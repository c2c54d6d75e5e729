import { visibleUnits, type OrgScope } from '../authority/org-scope';
import type { ActuarialNotice, ActuarialNoticeList, ActuarialNoticeQuery } from '../generated/schema-types';
import type { Principal } from '../identity/principal';
import type { ActuarialNoticeRecord, ActuarialNoticeStore } from './actuarial-notice.store';

export type ActuarialNoticeView = ActuarialNotice;

export function toNoticeView(record: ActuarialNoticeRecord): ActuarialNoticeView {
  const { _id, createdAt, ...rest } = record;
  return { noticeId: _id, ...rest, createdAt: new Date(createdAt).toISOString() };
}

/** The notice list within the caller's scope (a branch sees the notices of its units; HQ all). */
export class ActuarialNoticeReader {
  constructor(
    private readonly store: ActuarialNoticeStore,
    private readonly scope: OrgScope,
  ) {}

  async list(principal: Principal, query: ActuarialNoticeQuery): Promise<ActuarialNoticeList> {
    const orgUnits = await visibleUnits(this.scope, principal, query.orgUnit);
    const page = await this.store.page({ orgUnits, month: query.month, cause: query.cause }, { before: query.before, limit: query.limit ?? 100 });
    return { ...page, items: page.items.map(toNoticeView) };
  }
}
