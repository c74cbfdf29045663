// Response shapes of the API. The OpenAPI document types paths, parameters and request bodies (schema.d.ts); its
// responses carry no schemas yet, so their types come from the service's own declarations (type-only imports).
export type {
  ApiKeyView,
  AssetView,
  CompletedUpload,
  DeliveryDetail,
  DeliveryProfileView,
  DeliveryView,
  DraftSummary,
  DraftView,
  DuplicateReport,
  MetricsReport,
  OnboardingReport,
  OnboardingStep,
  PageView,
  PreflightReport,
  ReleaseSummaryView,
  ReleaseView,
  TargetTestResult,
  TargetView,
  TenantView,
  UploadView,
  UserView,
  ValidationReport,
  ValidationStage,
} from '@ddex/distro-core';
export type { DeliveryTarget, Release, ReleaseInput, Tenant } from '@ddex/ern-model';

/** One field problem in an error body. */
export interface ApiIssue {
  code: string;
  path: string;
  message: string;
  line?: number;
  column?: number;
  severity?: 'error' | 'warning' | 'info';
}

/** The signed-in user as `/api/auth/session` reports it. */
export interface SessionInfo {
  user: { id: string; email: string; name?: string | null };
  tenant: { id: string; name?: string; branding?: { primaryColor?: string; secondaryColor?: string; logo?: string } };
  role: 'admin' | 'manager' | 'viewer';
  csrfToken: string;
}
