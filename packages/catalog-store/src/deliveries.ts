import type { Page, PageOptions, RecordMeta, TenantId, WriteOptions } from './common';
import type { JobPriority } from './queue';

/**
 * States of a delivery (the model's `DELIVERY_STATUSES`): `completed` once the files are on the recipient's server,
 * then `acknowledged` or `rejected` when the recipient's acknowledgement says so.
 */
export type DeliveryStatus =
  | 'queued'
  | 'processing'
  | 'delivering'
  | 'completed'
  | 'acknowledged'
  | 'rejected'
  | 'failed'
  | 'cancelled';

/** What a delivery sends. */
export type DeliveryKind = 'NewRelease' | 'Update' | 'Takedown';

/** The files of a built delivery package. */
export interface DeliveryPackage {
  /** key of the ERN message in the asset store */
  ernFile: string;
  /** keys of the audio files */
  audioFiles: string[];
  /** keys of the images */
  imageFiles: string[];
  /** bytes in total */
  totalSize: number;
  /** every file sent, in upload order, with its size and checksum (absent on packages recorded before them) */
  files?: DeliveryPackageFile[];
  /** key of the batch's completion manifest in the asset store, when the profile writes one */
  manifestFile?: string;
  /**
   * How far sending got: the worker records it while the delivery is `delivering` (then the package holds only the
   * ERN key, `totalSize` and this, the file lists fill in when it completes) and keeps the final reading.
   */
  progress?: DeliveryProgress;
}

/** How far the running attempt got sending its batch (every release that goes out with the delivery). */
export interface DeliveryProgress {
  /** files finished (sent or found complete) */
  files: number;
  /** files planned, the completion marker aside */
  totalFiles: number;
  /** bytes finished, counting the file in flight */
  bytes: number;
  /** bytes planned */
  totalBytes: number;
  /** remote path of the file being sent; absent between files */
  currentFile?: string;
  /** ISO instant of this reading */
  at: string;
}

/** One file of a sent package, as it went to the recipient's server. */
export interface DeliveryPackageFile {
  /** path on the recipient's server */
  path: string;
  /** what the file is */
  role: 'audio' | 'image' | 'video' | 'document' | 'ern' | 'manifest';
  /** bytes */
  size: number;
  /** hex MD5 of the bytes, or null when the asset record has none */
  md5: string | null;
  /** true when an earlier attempt had already put it there whole (resumed) */
  skipped: boolean;
}

/**
 * A recurring delivery (a catalog re-send): each run is a delivery of its own; when one ends, the next is recorded
 * `interval` × `frequency` after it was due, until `until`. The store keeps it as given; the service interprets it.
 */
export interface DeliveryRecurrence {
  /** unit of the interval */
  frequency: 'hourly' | 'daily' | 'weekly' | 'monthly';
  /** units between runs (at least 1) */
  interval: number;
  /** ISO instant after which no run is due, or null for no end */
  until: string | null;
  /** id of the series' first delivery */
  seriesId: string;
  /** 1-based number of this run in the series */
  run: number;
}

/** Deliveries sent together as one DDEX batch (one folder, one completion marker). */
export interface DeliveryBatch {
  /** every delivery of the batch, the one whose job sends it first */
  deliveryIds: string[];
}

/** A delivery of one release to one target. */
export interface DeliveryRecord extends RecordMeta {
  /** tenant owning the delivery */
  tenantId: TenantId;
  /** delivery id */
  id: string;
  /** the release delivered */
  releaseId: string;
  /** the target delivered to */
  targetId: string;
  /** new release, update or takedown */
  kind: DeliveryKind;
  /** current state */
  status: DeliveryStatus;
  /** the package, once built */
  package: DeliveryPackage | null;
  /** ISO instant the delivery is due */
  scheduled: string | null;
  /** ISO instant the first attempt started */
  started: string | null;
  /** ISO instant it completed */
  completed: string | null;
  /** last error, when failed */
  error: { code: string; message: string } | null;
  /** number of attempts recorded */
  attemptCount: number;
  /** the series this delivery is a run of, or null for a one-off */
  recurrence: DeliveryRecurrence | null;
  /** the batch this delivery goes out in with others, or null when it goes alone */
  batch: DeliveryBatch | null;
  /** the caller's `Idempotency-Key` it was queued with (shared by the deliveries of one request), or null */
  idempotencyKey: string | null;
  /** claim order of its jobs among due deliveries (`normal` on records from before priorities) */
  priority: JobPriority;
}

/** Input of {@link DeliveryRepository.create}. */
export interface DeliveryInput {
  /** id; a random UUID when omitted */
  id?: string;
  /** the release (must exist in the tenant) */
  releaseId: string;
  /** the target (must exist in the tenant) */
  targetId: string;
  /**
   * What is sent.
   * @default 'NewRelease'
   */
  kind?: DeliveryKind;
  /** ISO instant the delivery is due */
  scheduled?: string;
  /** the series this delivery is a run of */
  recurrence?: DeliveryRecurrence | null;
  /** the batch this delivery goes out in */
  batch?: DeliveryBatch | null;
  /** the caller's idempotency key (1–256 characters), kept as given */
  idempotencyKey?: string | null;
  /**
   * Claim order of its jobs among due deliveries.
   * @default 'normal'
   */
  priority?: JobPriority;
}

/** Fields {@link DeliveryRepository.update} may change. */
export interface DeliveryPatch {
  /** new state */
  status?: DeliveryStatus;
  /** the built package */
  package?: DeliveryPackage | null;
  /** ISO instant the first attempt started */
  started?: string | null;
  /** ISO instant it completed */
  completed?: string | null;
  /** last error */
  error?: { code: string; message: string } | null;
  /** the series (null ends it) */
  recurrence?: DeliveryRecurrence | null;
}

/** One try at delivering (the model's `DeliveryAttempt`). */
export interface DeliveryAttempt {
  /** 1-based attempt number within the delivery */
  number: number;
  /** ISO instant the attempt started */
  startedAt: string;
  /** ISO instant it finished */
  finishedAt: string | null;
  /** outcome */
  status: 'running' | 'succeeded' | 'failed';
  /** why it failed */
  error: { code: string; message: string } | null;
}

/** Input of {@link DeliveryRepository.startAttempt}. */
export interface AttemptStart {
  /** ISO instant; now when omitted */
  startedAt?: string;
}

/** Input of {@link DeliveryRepository.finishAttempt}. */
export interface AttemptFinish {
  /** outcome */
  status: 'succeeded' | 'failed';
  /** why it failed */
  error?: { code: string; message: string };
  /** ISO instant; now when omitted */
  finishedAt?: string;
}

/** One log line of a delivery. */
export interface DeliveryLogEntry {
  /** increasing sequence number (store-wide) */
  seq: number;
  /** ISO instant */
  at: string;
  /** severity */
  level: 'debug' | 'info' | 'warn' | 'error';
  /** the message */
  message: string;
  /** structured detail */
  data: Record<string, unknown> | null;
}

/** A receipt or acknowledgement from the recipient. */
export interface DeliveryReceipt {
  /** receipt id */
  id: string;
  /** ISO instant it was received */
  receivedAt: string;
  /** the DSP's message id */
  dspMessageId: string | null;
  /** the acknowledgement text or status */
  acknowledgment: string | null;
  /** raw body (e.g. the ACK XML) */
  body: string | null;
}

/** Filters of {@link DeliveryRepository.list}. */
export interface DeliveryListQuery extends PageOptions {
  /** only deliveries of this release */
  releaseId?: string;
  /** only deliveries to this target */
  targetId?: string;
  /** only deliveries in one of these states */
  status?: DeliveryStatus | DeliveryStatus[];
  /** only deliveries queued with this idempotency key */
  idempotencyKey?: string;
}

/** Deliveries of a tenant with their attempts, logs and receipts. */
export interface DeliveryRepository {
  /** Records a new delivery; NOT_FOUND when the release or target is not the tenant's. */
  create(tenantId: TenantId, input: DeliveryInput): Promise<DeliveryRecord>;
  /** Reads a delivery; NOT_FOUND when absent. */
  get(tenantId: TenantId, id: string): Promise<DeliveryRecord>;
  /** Changes status, package, timestamps or error; CONFLICT on a stale `expectedVersion`. */
  update(tenantId: TenantId, id: string, patch: DeliveryPatch, options?: WriteOptions): Promise<DeliveryRecord>;
  /** Lists deliveries, newest first. */
  list(tenantId: TenantId, query?: DeliveryListQuery): Promise<Page<DeliveryRecord>>;
  /** Opens the next attempt (status `running`). */
  startAttempt(tenantId: TenantId, deliveryId: string, input?: AttemptStart): Promise<DeliveryAttempt>;
  /** Closes an attempt; NOT_FOUND when it does not exist, CONFLICT when it is already finished. */
  finishAttempt(tenantId: TenantId, deliveryId: string, number: number, input: AttemptFinish): Promise<DeliveryAttempt>;
  /** Attempts in order. */
  listAttempts(tenantId: TenantId, deliveryId: string): Promise<DeliveryAttempt[]>;
  /** Appends a log line. */
  appendLog(
    tenantId: TenantId,
    deliveryId: string,
    entry: { level: DeliveryLogEntry['level']; message: string; data?: Record<string, unknown> },
  ): Promise<DeliveryLogEntry>;
  /** Log lines, oldest first. */
  listLogs(tenantId: TenantId, deliveryId: string, options?: PageOptions): Promise<Page<DeliveryLogEntry>>;
  /** Stores a receipt. */
  addReceipt(
    tenantId: TenantId,
    deliveryId: string,
    receipt: { id?: string; receivedAt?: string; dspMessageId?: string; acknowledgment?: string; body?: string },
  ): Promise<DeliveryReceipt>;
  /** Receipts, oldest first. */
  listReceipts(tenantId: TenantId, deliveryId: string): Promise<DeliveryReceipt[]>;
}
