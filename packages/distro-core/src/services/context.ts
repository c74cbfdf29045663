import type { CatalogStore } from '@ddex/catalog-store';
import type { DistroServicesOptions, ErnValidator, ServiceLogger, TransportResolver } from '../options';
import type { Principal } from '../principal';
import type { SecretBox } from '../secrets/secret-box';
import type { DeliveryFeed } from './delivery-feed';

/** What every use case shares: the store, the secret box, the resolved options. @internal */
export interface ServiceContext {
  readonly store: CatalogStore;
  readonly box: SecretBox;
  readonly options: Readonly<DistroServicesOptions>;
  readonly transports: TransportResolver;
  readonly validator: ErnValidator;
  readonly logger: ServiceLogger;
  readonly now: () => number;
  /** changes of deliveries written through `store` (the event stream) */
  readonly deliveryFeed: DeliveryFeed;
  /** Appends an audit entry for a write; never fails the write it records. */
  audit(
    principal: Principal,
    action: string,
    subjectType: string,
    subjectId: string,
    data?: Record<string, unknown>,
  ): Promise<void>;
}

/** Record bookkeeping every view carries. */
export interface RecordView {
  /** id */
  id: string;
  /** optimistic-concurrency version (the ETag) */
  version: number;
  /** ISO instant of creation */
  createdAt: string;
  /** ISO instant of the last write */
  updatedAt: string;
}

/** A page of views. */
export interface PageView<T> {
  /** items */
  items: T[];
  /** cursor of the next page, or null */
  nextCursor: string | null;
}
