import type { DeliveryTarget } from '@ddex/ern-model';
import type { Page, PageOptions, RecordMeta, TenantId, WriteOptions } from './common';

/** A stored delivery target. */
export interface TargetRecord extends RecordMeta {
  /** tenant owning the target */
  tenantId: TenantId;
  /** target id (unique within the tenant) */
  id: string;
  /** the target document as last written */
  target: DeliveryTarget;
}

/** Filters of {@link TargetRepository.list}. */
export interface TargetListQuery extends PageOptions {
  /** only active (true) or inactive (false) targets */
  active?: boolean;
}

/** Delivery targets (DSPs, aggregators, test endpoints) of a tenant. */
export interface TargetRepository {
  /** Stores a new target under `target.id`; ALREADY_EXISTS when taken. */
  create(tenantId: TenantId, target: DeliveryTarget): Promise<TargetRecord>;
  /** Reads a target; NOT_FOUND when absent. */
  get(tenantId: TenantId, id: string): Promise<TargetRecord>;
  /** Replaces a target; CONFLICT on a stale `expectedVersion`. */
  update(tenantId: TenantId, id: string, target: DeliveryTarget, options?: WriteOptions): Promise<TargetRecord>;
  /** Deletes a target; NOT_FOUND when absent. */
  delete(tenantId: TenantId, id: string, options?: WriteOptions): Promise<void>;
  /** Lists targets in creation order. */
  list(tenantId: TenantId, query?: TargetListQuery): Promise<Page<TargetRecord>>;
}
