/**
 * @module
 * The DDEX Distro service core, framework-free: releases, ERN generation and validation, delivery targets with
 * encrypted secrets, deliveries on the store's durable queue, tenants, users, API keys, health and metrics, each a
 * use case taking the caller's {@link Principal}. The HTTP API is at `@ddex/distro-core/http`, the Node server at
 * `@ddex/distro-core/node`.
 *
 * @example
 * import { memoryStore } from '@ddex/catalog-store';
 * import { createDistroServices, envKeyProvider } from '@ddex/distro-core';
 * const services = createDistroServices({ store: memoryStore(), keys: envKeyProvider()! });
 */
export * from './errors';
export { invalid, ownedBy, parseInput } from './input';
export type * from './options';
export * from './principal';
export * from './secrets/config-secrets';
export * from './secrets/key-provider';
export * from './secrets/secret-box';
export {
  type AssetContent,
  DUPLICATE_SCAN_LIMIT,
  type DuplicateAsset,
  type DuplicateReport,
  parseRange,
} from './services/asset-content';
export * from './services/assets';
export type { PageView, RecordView } from './services/context';
export * from './services/deliveries';
export type { DeliveryChange, DeliveryFeedListener } from './services/delivery-feed';
export * from './services/drafts';
export * from './services/ern';
export { applyGenreMap, type GenrePreview, unmappedGenreIssues } from './services/genre-mapping';
export * from './services/identity';
export { createDistroServices, type DistroServices } from './services/index';
export * from './services/mail';
export {
  ONBOARDING_STEPS,
  type OnboardingReport,
  type OnboardingStep,
  type OnboardingStepName,
} from './services/onboarding';
export type * from './services/ops';
export * from './services/password-reset';
export { DEFAULT_SCRYPT_COST, hashPassword, type ScryptCost, verifyPassword } from './services/passwords';
export * from './services/preferences';
export * from './services/probe';
export { PreflightInputSchema, type PreflightReport, type TargetReadiness } from './services/readiness';
export * from './services/releases';
export * from './services/sessions';
export * from './services/signup';
export * from './services/targets';
export {
  VALIDATION_ENGINES,
  VALIDATION_STAGES,
  type ValidationEngine,
  type ValidationIssue,
  ValidationIssueSchema,
  type ValidationReport,
  ValidationReportSchema,
  type ValidationService,
  type ValidationStage,
  ValidationStageSchema,
  validationCsv,
} from './services/validations';
export * from './transports';
export {
  type CreatedWebhook,
  WEBHOOK_JOB,
  type WebhookEvent,
  WebhookInputSchema,
  type WebhookService,
  type WebhookView,
} from './webhooks/service';
export * from './webhooks/signature';
export { WEBHOOK_EVENTS, type WebhookEventType } from './webhooks/store';
export type { AckCollectionReport, AckReceiptReport } from './worker/acks';
export * from './worker/build-package';
export * from './worker/delivery-worker';
