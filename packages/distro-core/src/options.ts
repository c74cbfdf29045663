import type { CatalogStore } from '@ddex/catalog-store';
import type { Transport } from '@ddex/delivery-transports';
import type { DeliveryTarget } from '@ddex/ern-model';
import type { ErnValidationResult, MessageParty } from '@ddex/ern-writer';
import type { KeyProvider } from './secrets/key-provider';
import type { MailSender } from './services/mail';

/** Validates an ERN message offline; the default is `validateErn` of `@ddex/ern-writer` with `schemaDir`. */
export type ErnValidator = (xml: string) => Promise<ErnValidationResult>;

/**
 * Builds the transport of a target from its decrypted config. The default knows FILESYSTEM, SFTP, FTP and FTPS
 * (see {@link defaultTransportResolver}).
 */
export type TransportResolver = (target: DeliveryTarget, config: Record<string, unknown>) => Transport;

/** A structured logger the service reports to (pino's shape); the service never writes to the console. */
export interface ServiceLogger {
  /** detail */
  debug?(data: Record<string, unknown>, message: string): void;
  /** normal events */
  info?(data: Record<string, unknown>, message: string): void;
  /** handled problems */
  warn?(data: Record<string, unknown>, message: string): void;
  /** failures */
  error?(data: Record<string, unknown>, message: string): void;
}

/** An API key configured outside the store (e.g. `DDEX_DISTRO_ADMIN_KEY`): only its SHA-256 is kept. */
export interface StaticApiKey {
  /** id recorded as the actor (`apikey:<id>`) */
  id: string;
  /** tenant the key acts for */
  tenantId: string;
  /** role of the key */
  role: 'admin' | 'manager' | 'viewer';
  /** may create tenants */
  operator?: boolean;
  /** SHA-256 (hex) of the secret */
  secretSha256: string;
}

/** How webhook requests are sent (see `WEBHOOK_SIGNATURE_HEADER`). */
export interface WebhookOptions {
  /**
   * Tries of one event before it is dead-lettered.
   * @default 8
   */
  maxAttempts?: number;
  /**
   * Wait before the first retry in ms; doubles on each retry (at most an hour).
   * @default 10000
   */
  retryBaseMs?: number;
  /**
   * Time a receiver has to answer, in ms.
   * @default 10000
   */
  timeoutMs?: number;
}

/** Options of {@link createDistroServices}. */
export interface DistroServicesOptions {
  /** the catalog store (memory, SQLite, PostgreSQL…). Required. */
  store: CatalogStore;
  /** wraps the data keys of encrypted target secrets (`envKeyProvider()`, `localKeyProvider(...)`, a KMS). Required. */
  keys: KeyProvider;
  /** message sender used when neither the request nor the release's label ids name one */
  sender?: MessageParty;
  /**
   * DDEX schema folder for offline validation.
   * @default process.env.DDEX_SCHEMA_DIR
   */
  schemaDir?: string;
  /** replaces offline XSD validation (e.g. the DDEX Workbench client) */
  validator?: ErnValidator;
  /**
   * What `validator` is, recorded with every stored validation result.
   * @default 'offline' without `validator`, else 'custom'
   */
  validatorEngine?: 'offline' | 'workbench' | 'custom';
  /**
   * Builds transports for `targets/:id/test` and the worker.
   * @default defaultTransportResolver({ filesystemRoot })
   */
  transports?: TransportResolver;
  /**
   * Folder FILESYSTEM targets write under: a target's `config.directory` is taken relative to it and may not leave
   * it. Without it, FILESYSTEM targets are refused.
   */
  filesystemRoot?: string;
  /**
   * Time source (ms since the epoch).
   * @default Date.now
   */
  clock?: () => number;
  /** keys accepted besides the store's (the bootstrap admin key) */
  staticKeys?: readonly StaticApiKey[];
  /**
   * Attempts of a delivery job before it is dead-lettered and the delivery becomes `failed` (a worker that dies
   * mid-delivery costs its job one attempt).
   * @default 5
   */
  deliveryAttempts?: number;
  /**
   * How often, in ms, the delivery event stream reads the store for changes other processes made, while someone
   * listens; only for stores shared by several processes (`capabilities.multiProcess`). Changes this process
   * makes are sent at once either way.
   * @default 2000
   */
  deliveryEventsPollMs?: number;
  /** webhook delivery: attempts, backoff and timeout of the signed POSTs */
  webhooks?: WebhookOptions;
  /** receives service events; secrets are never passed to it */
  logger?: ServiceLogger;
  /**
   * scrypt cost of new password hashes (tests lower it; existing hashes keep the cost they were made with).
   * @default { N: 32768, r: 8, p: 1 }
   */
  passwordHashCost?: { N: number; r: number; p: number };
  /**
   * Sends the service's e-mails (password-reset links).
   * @default undeliveredMailSender(logger): nothing is sent (a warning names the recipient, never the link)
   */
  mailer?: MailSender;
  /**
   * Origin of the web app for links in e-mails, e.g. `https://distro.example.com`. Set it in production: without it
   * the link takes the origin of the request, whose Host header the requester controls.
   */
  publicUrl?: string;
}
