import { randomBytes } from 'node:crypto';
import dns from 'node:dns/promises';
import type { WebhookSubscriptionCreateRequest, WebhookSubscriptionQuery, WebhookSubscriptionUpdateRequest } from '../generated/schema-types';
import type { AuditLog } from '../audit/audit.service';
import { NotFoundError, ValidationError } from '../http/errors';
import type { OrgUnitGate } from '../identity/org-unit-gate';
import { actorName, type Principal } from '../identity/principal';
import type { DeliveryStore } from './delivery.store';
import type { SubscriptionRecord } from './subscription.model';
import type { SubscriptionChanges, SubscriptionStore } from './subscription.store';
import type { WebhookAccess } from './webhook.access';
import { generateSigningSecret, secretHint, type SecretBox } from './webhook-secrets';
import { hostnameToResolve, isPrivateAddress, targetUrlProblems } from './webhook-target';

export interface WithSecret {
  record: SubscriptionRecord;
  /** The plain signing secret: returned once, never stored in the clear or logged. */
  secret: string;
}

/** Subscriptions: created, listed, changed, rotated and deleted within the caller's scope. */
export class SubscriptionService {
  constructor(
    private readonly store: SubscriptionStore,
    private readonly deliveries: DeliveryStore,
    private readonly access: WebhookAccess,
    /** The org-unit tree's gate: a subscription's unit exists, is active and lies in the caller's scope. */
    private readonly units: Pick<OrgUnitGate, 'assertAssignable'>,
    private readonly secrets: SecretBox,
    private readonly allowPrivateTargets: boolean,
    private readonly audit: AuditLog,
    /** Called when deliveries may have become sendable (a subscription enabled again). */
    private readonly onResumed: () => void = () => undefined,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async list(principal: Principal, query: WebhookSubscriptionQuery): Promise<SubscriptionRecord[]> {
    this.access.assertUsable(principal);
    const records = await this.store.list({ enabled: query.enabled, eventType: query.eventType, orgUnit: query.orgUnit });
    const visible = await Promise.all(records.map((record) => this.access.canSee(principal, record.orgUnit)));
    return records.filter((_record, index) => visible[index]);
  }

  /** Out of scope reads as absent, so a branch cannot probe another's subscriptions. */
  async get(principal: Principal, subscriptionId: string): Promise<SubscriptionRecord> {
    this.access.assertUsable(principal);
    const record = await this.store.find(subscriptionId);
    if (!record || !(await this.access.canSee(principal, record.orgUnit))) throw new NotFoundError(`No webhook subscription "${subscriptionId}"`);
    return record;
  }

  async create(principal: Principal, request: WebhookSubscriptionCreateRequest): Promise<WithSecret> {
    this.access.assertUsable(principal);
    const orgUnit = request.orgUnit ?? principal.orgUnit;
    await this.units.assertAssignable(orgUnit, principal, '/body/orgUnit');
    await this.assertTarget(request.url);
    const secret = generateSigningSecret();
    const now = this.clock();
    const enabled = request.enabled ?? true;
    const actor = actorName(principal);
    const record = await this.store.insert({
      subscriptionId: `whs_${randomBytes(9).toString('hex')}`,
      orgUnit,
      url: request.url,
      ...(request.description ? { description: request.description } : {}),
      eventTypes: request.eventTypes,
      enabled,
      sealedSecret: this.secrets.seal(secret),
      secretHint: secretHint(secret),
      consecutiveFailures: 0,
      failuresSince: now,
      disabledAt: enabled ? null : now,
      disabledReason: enabled ? null : `disabled by ${actor}`,
      version: 1,
      owner: actor,
      createdAt: now,
      updatedAt: now,
      updatedBy: actor,
    });
    await this.record(actor, 'create', record, undefined, auditView(record));
    return { record, secret };
  }

  async update(principal: Principal, subscriptionId: string, request: WebhookSubscriptionUpdateRequest): Promise<SubscriptionRecord> {
    const current = await this.get(principal, subscriptionId);
    const actor = actorName(principal);
    const now = this.clock();
    const changes: SubscriptionChanges = {};
    if (request.url !== undefined) {
      await this.assertTarget(request.url);
      changes.url = request.url;
    }
    if (request.description !== undefined) changes.description = request.description;
    if (request.eventTypes !== undefined) changes.eventTypes = request.eventTypes;
    if (request.enabled === true && !current.enabled)
      Object.assign(changes, { enabled: true, consecutiveFailures: 0, failuresSince: now, disabledAt: null, disabledReason: null });
    if (request.enabled === false && current.enabled) Object.assign(changes, { enabled: false, disabledAt: now, disabledReason: `disabled by ${actor}` });
    const updated = await this.store.update(subscriptionId, request.version, changes, actor, now);
    if (changes.enabled) this.onResumed();
    await this.record(actor, 'update', updated, auditView(current), auditView(updated));
    return updated;
  }

  async rotateSecret(principal: Principal, subscriptionId: string, version: number): Promise<WithSecret> {
    const current = await this.get(principal, subscriptionId);
    const secret = generateSigningSecret();
    const record = await this.store.update(
      subscriptionId,
      version,
      { sealedSecret: this.secrets.seal(secret), secretHint: secretHint(secret) },
      actorName(principal),
      this.clock(),
    );
    await this.record(actorName(principal), 'rotate-secret', record, auditView(current), { ...auditView(record), secretRotated: true });
    return { record, secret };
  }

  /** Its pending deliveries are cancelled; the delivery log stays. */
  async remove(principal: Principal, subscriptionId: string, version: number): Promise<void> {
    const current = await this.get(principal, subscriptionId);
    await this.store.delete(subscriptionId, version, actorName(principal), this.clock());
    await this.deliveries.cancelPendingOf(subscriptionId, this.clock());
    await this.record(actorName(principal), 'delete', current, auditView(current), undefined);
  }

  /** After the change is stored, like every audited change (docs/authority.md, "The audit log"). */
  private async record(actor: string, action: string, record: SubscriptionRecord, before: unknown, after: unknown): Promise<void> {
    await this.audit.record({
      actor,
      action,
      entity: { kind: 'webhook-subscription', id: record.subscriptionId },
      orgUnit: record.orgUnit,
      ...(before !== undefined ? { before } : {}),
      ...(after !== undefined ? { after } : {}),
    });
  }

  private async assertTarget(url: string): Promise<void> {
    const problems = targetUrlProblems(url, this.allowPrivateTargets);
    if (problems.length > 0) throw new ValidationError('The webhook URL is not acceptable', problems, 'invalid_url');
    if (this.allowPrivateTargets) return;
    // A public-looking name that resolves inward is refused now; delivery checks again at connect time.
    const hostname = hostnameToResolve(new URL(url));
    if (!hostname) return;
    const addresses = await dns.lookup(hostname, { all: true }).catch(() => []);
    if (addresses.some((entry) => isPrivateAddress(entry.address))) {
      throw new ValidationError(
        'The webhook URL is not acceptable',
        [{ path: '/body/url', message: `${hostname} resolves to a loopback or private address, which this server does not call` }],
        'invalid_url',
      );
    }
  }
}

/** What the audit log keeps of a subscription: never the sealed secret (the hint is public in its view too). */
function auditView(record: SubscriptionRecord): Record<string, unknown> {
  const { sealedSecret: _sealed, ...view } = record as SubscriptionRecord & { _id?: unknown };
  return view;
}
