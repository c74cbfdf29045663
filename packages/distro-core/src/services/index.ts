import type { CatalogStore } from '@ddex/catalog-store';
import { validateErn } from '@ddex/ern-writer';
import type { DistroServicesOptions } from '../options';
import { createSecretBox } from '../secrets/secret-box';
import { defaultTransportResolver } from '../transports';
import { type WebhookService, webhookService } from '../webhooks/service';
import { type AssetService, assetService } from './assets';
import type { ServiceContext } from './context';
import { type DeliveryService, deliveryService } from './deliveries';
import { createDeliveryFeed } from './delivery-feed';
import { type DraftService, draftService } from './drafts';
import { type ErnService, ernService } from './ern';
import {
  type ApiKeyService,
  apiKeyService,
  type TenantService,
  tenantService,
  type UserService,
  userService,
} from './identity';
import { type OpsService, opsService } from './ops';
import { type PasswordResetService, passwordResetService } from './password-reset';
import { type PreferenceService, preferenceService } from './preferences';
import { type ReleaseService, releaseService } from './releases';
import { type SessionService, sessionService } from './sessions';
import { type SignupService, signupService } from './signup';
import { type TargetService, targetService } from './targets';
import { type ValidationService, validationService } from './validations';

/** Every use case of the service, framework-free: the HTTP layer, workers and tests call these. */
export interface DistroServices {
  /** the store the services run on */
  readonly store: CatalogStore;
  /** releases CRUD */
  readonly releases: ReleaseService;
  /** ERN generation and validation */
  readonly ern: ErnService;
  /** delivery targets */
  readonly targets: TargetService;
  /** deliveries */
  readonly deliveries: DeliveryService;
  /** tenants */
  readonly tenants: TenantService;
  /** users */
  readonly users: UserService;
  /** API keys and authentication */
  readonly apiKeys: ApiKeyService;
  /** health, metrics, audit */
  readonly ops: OpsService;
  /** webhooks (admin) */
  readonly webhooks: WebhookService;
  /** sign-in with e-mail and password, browser sessions */
  readonly sessions: SessionService;
  /** password reset by mailed link */
  readonly passwordReset: PasswordResetService;
  /** self-service sign-up: a new tenant and its first admin (the HTTP API offers it only with `allowSignup`) */
  readonly signup: SignupService;
  /** the caller's own display preferences */
  readonly preferences: PreferenceService;
  /** server-side drafts of releases still being filled in */
  readonly drafts: DraftService;
  /** chunked uploads, probing and removal of release assets */
  readonly assets: AssetService;
  /** stored validation results */
  readonly validations: ValidationService;
  /** @internal shared context (the worker uses it) */
  readonly context: ServiceContext;
}

/**
 * Creates the service's use cases over a store.
 * @example
 * const services = createDistroServices({ store: memoryStore(), keys: envKeyProvider()! });
 * const app = createApp(services);
 */
export function createDistroServices(options: DistroServicesOptions): DistroServices {
  if (!options?.store) throw new TypeError('createDistroServices needs options.store');
  if (!options.keys) throw new TypeError('createDistroServices needs options.keys (a KeyProvider)');
  const opts = Object.freeze({ ...options });
  const logger = opts.logger ?? {};
  // use cases and workers write through the watched store, so the event stream hears every delivery change
  const watched = createDeliveryFeed(opts.store, logger, opts.deliveryEventsPollMs);
  const context: ServiceContext = {
    store: watched.store,
    deliveryFeed: watched.feed,
    box: createSecretBox(opts.keys),
    options: opts,
    transports: opts.transports ?? defaultTransportResolver({ filesystemRoot: opts.filesystemRoot }),
    validator: opts.validator ?? ((xml) => validateErn(xml, { schemaDir: opts.schemaDir })),
    logger,
    now: opts.clock ?? Date.now,
    async audit(principal, action, subjectType, subjectId, data) {
      try {
        await opts.store.audit.append(principal.tenantId, {
          actor: principal.actor,
          action,
          subjectType,
          subjectId,
          data,
        });
      } catch (error) {
        logger.error?.({ action, subjectId, err: (error as Error).message }, 'audit append failed');
      }
    },
  };
  return {
    store: opts.store,
    releases: releaseService(context),
    ern: ernService(context),
    targets: targetService(context),
    deliveries: deliveryService(context),
    tenants: tenantService(context),
    users: userService(context),
    apiKeys: apiKeyService(context),
    ops: opsService(context),
    webhooks: webhookService(context),
    sessions: sessionService(context),
    passwordReset: passwordResetService(context),
    signup: signupService(context),
    preferences: preferenceService(context),
    drafts: draftService(context),
    assets: assetService(context),
    validations: validationService(context),
    context,
  };
}
