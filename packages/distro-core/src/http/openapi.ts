import { DeliveryTargetSchema, ReleaseSchema, TenantSchema } from '@ddex/ern-model';
import { z } from 'zod';
import { UploadInputSchema } from '../services/assets';
import { QueueDeliveryInputSchema } from '../services/deliveries';
import { DraftInputSchema, DraftSummarySchema, DraftViewSchema } from '../services/drafts';
import { GenerateInputSchema } from '../services/ern';
import { ApiKeyInputSchema, ApiKeyViewSchema, UserInputSchema, UserPatchSchema } from '../services/identity';
import { ResetConfirmSchema, ResetRequestSchema } from '../services/password-reset';
import { PreferencesPatchSchema, PreferencesViewSchema } from '../services/preferences';
import { PreflightInputSchema } from '../services/readiness';
import { ReleaseSummaryViewSchema } from '../services/releases';
import { LoginInputSchema } from '../services/sessions';
import { SignupInputSchema } from '../services/signup';
import { TargetTestResultSchema } from '../services/targets';
import { ValidationReportSchema, ValidationStageSchema } from '../services/validations';
import { WebhookInputSchema } from '../webhooks/service';

type JsonObject = Record<string, unknown>;

const IssueSchema = z.object({ code: z.string(), path: z.string(), message: z.string() });
const ErrorSchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    issues: z.array(IssueSchema).optional(),
    requestId: z.string().optional().describe('the X-Request-Id of the response, to quote when reporting it'),
  }),
});

const SCHEMAS: Record<string, z.ZodType> = {
  Release: ReleaseSchema,
  DeliveryTarget: DeliveryTargetSchema,
  Tenant: TenantSchema,
  GenerateInput: GenerateInputSchema,
  QueueDeliveryInput: QueueDeliveryInputSchema,
  PreflightInput: PreflightInputSchema,
  UserInput: UserInputSchema,
  UserPatch: UserPatchSchema,
  ApiKeyInput: ApiKeyInputSchema,
  LoginInput: LoginInputSchema,
  SignupInput: SignupInputSchema,
  PasswordResetRequest: ResetRequestSchema,
  PasswordResetConfirm: ResetConfirmSchema,
  Preferences: PreferencesViewSchema,
  DraftInput: DraftInputSchema,
  Draft: DraftViewSchema,
  DraftList: z.object({ items: z.array(DraftSummarySchema).describe('newest first') }),
  DraftConflict: ErrorSchema.extend({ current: DraftViewSchema.describe('the draft as stored now') }),
  PreferencesPatch: PreferencesPatchSchema,
  AuthConfig: z.object({
    signup: z.boolean().describe('POST /api/auth/signup is offered'),
    passwordReset: z.boolean(),
  }),
  WebhookInput: WebhookInputSchema,
  UploadInput: UploadInputSchema,
  Session: z.object({
    user: z.object({ id: z.string(), email: z.string(), name: z.string().nullable() }),
    tenant: z.object({ id: z.string(), name: z.string() }),
    role: z.enum(['admin', 'manager', 'viewer']),
    csrfToken: z.string().describe('send as x-csrf-token on cookie-authenticated requests other than GET/HEAD'),
    expiresAt: z.string(),
  }),
  ReleaseSummary: ReleaseSummaryViewSchema,
  ReleaseSummaryPage: z.object({
    items: z.array(ReleaseSummaryViewSchema),
    nextCursor: z.string().nullable().describe('pass as `cursor` for the next page; null on the last'),
  }),
  Issue: IssueSchema,
  Error: ErrorSchema,
  ValidationReport: ValidationReportSchema,
  ReleaseValidation: z.object({
    id: z.string().describe('the stored result: GET /api/validations/{id}'),
    valid: z.boolean(),
    version: z.string(),
    errors: z.array(
      z.object({
        line: z.number(),
        column: z.number(),
        message: z.string(),
        code: z.string(),
        suggestion: z.string().optional(),
      }),
    ),
    ruleIssues: z.array(IssueSchema).describe('the release’s business-rule violations'),
    writerIssues: z.array(IssueSchema),
    stages: z.array(ValidationStageSchema).describe('build, rules, then schema or workbench, each with its time'),
  }),
  TargetTestResult: TargetTestResultSchema,
  ApiKeyPage: z.object({ items: z.array(ApiKeyViewSchema), nextCursor: z.string().nullable() }),
};

function jsonSchema(schema: z.ZodType): JsonObject {
  const { $schema: _drop, ...rest } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonObject;
  return rest;
}

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: JsonObject) => ({ content: { 'application/json': { schema } } });
const idParam = { name: 'id', in: 'path', required: true, schema: { type: 'string' } };
const ifMatchParam = {
  name: 'If-Match',
  in: 'header',
  required: false,
  schema: { type: 'string' },
  description: 'ETag of the version the write is based on; a stale one gives 409',
};
const idempotencyKeyParam = {
  name: 'Idempotency-Key',
  in: 'header',
  required: false,
  schema: { type: 'string', minLength: 1, maxLength: 256, pattern: '^[\\x21-\\x7e]+$' },
  description:
    'a key naming this request (e.g. a UUID), stored with its deliveries: the same key again from the tenant answers ' +
    '200 with `Idempotent-Replayed: true` and the first delivery instead of queueing twice; 409 when the key named ' +
    'another release, target or kind',
};
const ackNameParam = {
  name: 'name',
  in: 'query',
  required: false,
  schema: { type: 'string' },
  description:
    'The ack file name the choreography would give it (ACK_<MessageId>_<timestamp>.xml, ACK_<BatchId>_<UPC>.xml)',
};
const uploadParam = { name: 'uploadId', in: 'path', required: true, schema: { type: 'string' } };
const contentRangeParam = {
  name: 'Content-Range',
  in: 'header',
  required: true,
  schema: { type: 'string', pattern: '^bytes \\d+-\\d+/\\d+$' },
  description: 'the chunk’s bytes in the file; start must equal the upload’s `received` (409 otherwise)',
};
const pageParams = [
  { name: 'cursor', in: 'query', schema: { type: 'string' } },
  { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 500 } },
];

interface OpSpec {
  tag: string;
  body?: string;
  ok?: number;
  params?: JsonObject[];
  write?: boolean;
  /** the success body's schema (a name in SCHEMAS); undocumented when absent */
  response?: string;
}

function op(summary: string, spec: OpSpec): JsonObject {
  const errors: Record<string, JsonObject> = {
    '401': { $ref: '#/components/responses/Unauthenticated' },
    '404': { $ref: '#/components/responses/NotFound' },
  };
  if (spec.body || spec.params?.length) errors['400'] = { $ref: '#/components/responses/Invalid' };
  if (spec.write) {
    errors['403'] = { $ref: '#/components/responses/Forbidden' };
    errors['409'] = { $ref: '#/components/responses/Conflict' };
  }
  return {
    summary,
    tags: [spec.tag],
    ...(spec.params ? { parameters: spec.params } : {}),
    ...(spec.body ? { requestBody: { required: true, ...json(ref(spec.body)) } } : {}),
    responses: {
      [String(spec.ok ?? 200)]: { description: 'OK', ...(spec.response ? json(ref(spec.response)) : {}) },
      ...errors,
    },
  };
}

const errorResponse = (description: string) => ({ description, ...json(ref('Error')) });
const xmlDownload = (summary: string, parameters: JsonObject[]) => ({
  summary,
  tags: ['deliveries'],
  parameters,
  responses: {
    '200': { description: 'The XML', content: { 'application/xml': { schema: { type: 'string' } } } },
    '401': { $ref: '#/components/responses/Unauthenticated' },
    '404': { $ref: '#/components/responses/NotFound' },
  },
});
const errorRef = errorResponse;

/** `PUT /api/drafts/{id}`: its 409 carries the stored copy. */
function draftPut(params: JsonObject[]): JsonObject {
  const put = op('Replace a draft’s data (If-Match or `version`: a stale one gives 409 with the stored copy)', {
    tag: 'drafts',
    params,
    body: 'DraftInput',
    write: true,
    response: 'Draft',
  });
  const responses = put.responses as JsonObject;
  return {
    ...put,
    responses: { ...responses, '409': { description: 'Stale version', ...json(ref('DraftConflict')) } },
  };
}

/** The OpenAPI 3.1 document of the API; request schemas come from the zod schemas (`z.toJSONSchema`). */
export function buildOpenApi(): JsonObject {
  const item = [idParam];
  const write = [idParam, ifMatchParam];
  const paths: Record<string, JsonObject> = {
    '/api/health': {
      get: {
        summary: 'Liveness and store reachability',
        tags: ['ops'],
        security: [],
        responses: { '200': { description: 'OK' } },
      },
    },
    '/api/auth/login': {
      post: {
        summary: 'Sign in with e-mail and password; sets the HttpOnly ddex_session cookie (rotated on every sign-in)',
        tags: ['auth'],
        security: [],
        requestBody: { required: true, ...json(ref('LoginInput')) },
        responses: {
          '200': { description: 'Signed in', ...json(ref('Session')) },
          '400': { $ref: '#/components/responses/Invalid' },
          '401': errorRef('Wrong e-mail or password'),
          '429': errorRef('Too many failed sign-ins (Retry-After)'),
        },
      },
    },
    '/api/auth/config': {
      get: {
        summary: 'What the sign-in page may offer: self-service sign-up, password reset',
        tags: ['auth'],
        security: [],
        responses: { '200': { description: 'OK', ...json(ref('AuthConfig')) } },
      },
    },
    '/api/auth/signup': {
      post: {
        summary:
          'Sign up: a new tenant (organization) with its first admin, signed in (ddex_session cookie). Only when the ' +
          'server allows sign-up; otherwise 404',
        tags: ['auth'],
        security: [],
        requestBody: { required: true, ...json(ref('SignupInput')) },
        responses: {
          '201': { description: 'Signed up and signed in', ...json(ref('Session')) },
          '400': { $ref: '#/components/responses/Invalid' },
          '404': errorRef('Sign-up is off on this server'),
          '409': errorRef('ALREADY_EXISTS: an account with this e-mail exists'),
          '429': errorRef('Too many attempts (Retry-After)'),
        },
      },
    },
    '/api/auth/password-reset': {
      post: {
        summary:
          'Ask for a password reset link (mailed; single-use, valid for an hour). Always 202, whether or not an ' +
          'account has the e-mail',
        tags: ['auth'],
        security: [],
        requestBody: { required: true, ...json(ref('PasswordResetRequest')) },
        responses: {
          '202': { description: 'Accepted' },
          '400': { $ref: '#/components/responses/Invalid' },
          '429': errorRef('Too many attempts (Retry-After)'),
        },
      },
    },
    '/api/auth/password-reset/confirm': {
      post: {
        summary: 'Set a new password with the token of a reset link; closes every session of the user',
        tags: ['auth'],
        security: [],
        requestBody: { required: true, ...json(ref('PasswordResetConfirm')) },
        responses: {
          '204': { description: 'Password changed' },
          '400': { $ref: '#/components/responses/Invalid' },
          '429': errorRef('Too many failed attempts (Retry-After)'),
        },
      },
    },
    '/api/auth/session': {
      get: {
        summary: 'The current session (cookie)',
        tags: ['auth'],
        security: [{ session: [] }],
        responses: { '200': { description: 'Signed in', ...json(ref('Session')) }, '401': errorRef('Not signed in') },
      },
    },
    '/api/auth/logout': {
      post: {
        summary: 'Close the session and clear the cookie',
        tags: ['auth'],
        security: [{ session: [] }],
        responses: {
          '204': { description: 'Signed out' },
          '401': errorRef('Not signed in'),
          '403': errorRef('CSRF_FAILED: x-csrf-token missing or wrong'),
        },
      },
    },
    '/api/me/preferences': {
      get: op('The caller’s display preferences (theme, contrast)', { tag: 'me', response: 'Preferences' }),
      patch: op('Change the caller’s display preferences', {
        tag: 'me',
        body: 'PreferencesPatch',
        response: 'Preferences',
      }),
    },
    '/api/metrics': {
      get: op(
        'Dashboard figures: releases and deliveries by status, finished deliveries per day and per target, p50/p95 duration, queue depth',
        { tag: 'ops' },
      ),
    },
    '/api/onboarding': {
      get: op(
        'First-run checklist from stored state: target added, target tested (its last connection test passed), ' +
          'first release, first valid ERN validation, first delivery completed, first acknowledged',
        { tag: 'ops' },
      ),
    },
    '/api/delivery-profiles': {
      get: op(
        'The built-in DSP profiles a target can name in config.deliveryProfile, with their choreography ' +
          '(a target may choose the other one in config.choreography)',
        { tag: 'targets' },
      ),
    },
    '/api/audit': { get: op('Audit log of the tenant (admin)', { tag: 'ops', params: pageParams }) },
    '/api/releases': {
      get: op('List releases, newest first: summaries without the release document (GET one release for it)', {
        tag: 'releases',
        response: 'ReleaseSummaryPage',
        params: [
          ...pageParams,
          { name: 'status', in: 'query', schema: { type: 'string' }, description: 'statuses, comma-separated' },
          { name: 'type', in: 'query', schema: { type: 'string' }, description: 'release types, comma-separated' },
          { name: 'label', in: 'query', schema: { type: 'string' }, description: 'label (exact, case-insensitive)' },
          { name: 'q', in: 'query', schema: { type: 'string' }, description: 'full-text query' },
          { name: 'releaseDateFrom', in: 'query', schema: { type: 'string', format: 'date' } },
          { name: 'releaseDateTo', in: 'query', schema: { type: 'string', format: 'date' } },
          { name: 'order', in: 'query', schema: { type: 'string', enum: ['asc', 'desc'] } },
        ],
      }),
      post: op('Create a release', { tag: 'releases', body: 'Release', ok: 201, write: true }),
    },
    '/api/drafts': {
      get: op('The tenant’s open release drafts, newest first (without their data)', {
        tag: 'drafts',
        response: 'DraftList',
      }),
      post: op('Store a half-filled release (the wizard’s form state) as a draft at version 1', {
        tag: 'drafts',
        body: 'DraftInput',
        ok: 201,
        write: true,
        response: 'Draft',
      }),
    },
    '/api/drafts/{id}': {
      get: op('Get a draft with its data', { tag: 'drafts', params: item, response: 'Draft' }),
      put: draftPut(write),
      delete: op('Delete a draft (the wizard does once it created the release)', {
        tag: 'drafts',
        params: item,
        ok: 204,
        write: true,
      }),
    },
    '/api/releases/{id}': {
      get: op('Get a release', { tag: 'releases', params: item }),
      put: op('Replace a release', { tag: 'releases', params: write, body: 'Release', write: true }),
      delete: op('Delete a release', { tag: 'releases', params: write, ok: 204, write: true }),
    },
    '/api/releases/{id}/generate': {
      post: op('Generate the ERN message', { tag: 'releases', params: item, body: 'GenerateInput' }),
    },
    '/api/releases/{id}/validate': {
      post: op(
        'Generate and validate the ERN message offline; the result is stored (its `id`: /api/validations/{id})',
        {
          tag: 'releases',
          params: item,
          body: 'GenerateInput',
          response: 'ReleaseValidation',
        },
      ),
    },
    '/api/validations/{id}': {
      get: op(
        'A stored validation result (the permalink of a validate call); `format=json` or `format=csv` downloads it ' +
          'as a file (Content-Disposition: attachment)',
        {
          tag: 'releases',
          response: 'ValidationReport',
          params: [idParam, { name: 'format', in: 'query', schema: { type: 'string', enum: ['json', 'csv'] } }],
        },
      ),
    },
    '/api/validations/{id}/report.csv': {
      get: op('The stored result’s problems as CSV: severity, rule, line, column, path, message', {
        tag: 'releases',
        params: item,
      }),
    },
    '/api/releases/{id}/assets': {
      get: op('The release’s audio and image records (from the probe)', { tag: 'assets', params: item }),
    },
    '/api/releases/{id}/assets/uploads': {
      post: op('Start a chunked, resumable upload (audio or artwork)', {
        tag: 'assets',
        params: item,
        body: 'UploadInput',
        ok: 201,
        write: true,
      }),
    },
    '/api/releases/{id}/assets/uploads/{uploadId}': {
      get: op('Upload status: `received` is where the next chunk starts (resume from there)', {
        tag: 'assets',
        params: [idParam, uploadParam],
      }),
      put: {
        ...op('Send one chunk (raw bytes, at most 32 MiB) at the byte range `Content-Range: bytes start-end/total`', {
          tag: 'assets',
          params: [idParam, uploadParam, contentRangeParam],
          write: true,
        }),
        requestBody: {
          required: true,
          content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } },
        },
      },
      delete: op('Abandon the upload', { tag: 'assets', params: [idParam, uploadParam], ok: 204, write: true }),
    },
    '/api/releases/{id}/assets/uploads/{uploadId}/complete': {
      post: op(
        'Join the chunks (MD5 computed on the way), probe the file (music-metadata / sharp) and write the asset record; 400 names a rejected file',
        { tag: 'assets', params: [idParam, uploadParam], ok: 201, write: true },
      ),
    },
    '/api/releases/{id}/assets/duplicates': {
      get: op(
        'Audio assets that are byte-for-byte another (same MD5): another track’s audio, or a file of another release of the tenant',
        { tag: 'assets', params: item },
      ),
    },
    '/api/releases/{id}/assets/{assetId}/content': {
      get: {
        ...op('The asset’s bytes (audio or artwork) for the signed-in user; `Range: bytes=a-b` answers 206', {
          tag: 'assets',
          params: [
            idParam,
            { name: 'assetId', in: 'path', required: true, schema: { type: 'string' } },
            { name: 'Range', in: 'header', required: false, schema: { type: 'string', pattern: '^bytes=\\d*-\\d*$' } },
          ],
        }),
        responses: {
          '200': {
            description: 'The whole file',
            content: { '*/*': { schema: { type: 'string', format: 'binary' } } },
          },
          '206': { description: 'The range asked for (Content-Range)' },
          '401': { $ref: '#/components/responses/Unauthenticated' },
          '404': { $ref: '#/components/responses/NotFound' },
          '416': { description: 'The range is not within the file (Content-Range: bytes */size)' },
        },
      },
    },
    '/api/releases/{id}/assets/{assetId}': {
      delete: op('Remove an asset and its file (409 while a track uses it)', {
        tag: 'assets',
        params: [idParam, { name: 'assetId', in: 'path', required: true, schema: { type: 'string' } }, ifMatchParam],
        ok: 204,
        write: true,
      }),
    },
    '/api/targets': {
      get: op('List delivery targets (secrets redacted)', { tag: 'targets', params: pageParams }),
      post: op('Create a delivery target', { tag: 'targets', body: 'DeliveryTarget', ok: 201, write: true }),
    },
    '/api/targets/{id}': {
      get: op('Get a delivery target (secrets redacted)', { tag: 'targets', params: item }),
      put: op('Replace a delivery target ("[redacted]" keeps a secret)', {
        tag: 'targets',
        params: write,
        body: 'DeliveryTarget',
        write: true,
      }),
      delete: op('Delete a delivery target', { tag: 'targets', params: write, ok: 204, write: true }),
    },
    '/api/targets/{id}/test': {
      post: op(
        'Test the connection step by step: prepare, resolve the host, reach its port, connect and log in, write a ' +
          'probe file under .ddex-probe/, check its size, read it back, list and delete it',
        { tag: 'targets', params: item, write: true, response: 'TargetTestResult' },
      ),
    },
    '/api/targets/{id}/acks': {
      post: op(
        'Read the acknowledgement files the DSP left now and apply the new ones: deliveries become acknowledged or ' +
          'rejected (with the DSP’s message), with a receipt and a log line each (workers also poll)',
        { tag: 'targets', params: item, write: true },
      ),
    },
    '/api/targets/{id}/acks/inbound': {
      post: {
        ...op(
          "A DSP's acknowledgement sent by HTTP callback instead of a file (ERN-C AcknowledgementMessage, ECHO " +
            'ErnAcknowledgementStatusMessage or FtpAcknowledgementMessage), applied like a collected ack file: ' +
            'deliveries become acknowledged or rejected, with a receipt, a log line and a webhook each. The same body ' +
            'twice is applied once. Give the DSP its own API key (role manager) for this tenant',
          { tag: 'targets', params: [idParam, ackNameParam], write: true },
        ),
        requestBody: {
          required: true,
          content: {
            'application/xml': { schema: { type: 'string' } },
            'text/xml': { schema: { type: 'string' } },
          },
        },
      },
    },
    '/api/deliveries': {
      get: op('List deliveries', { tag: 'deliveries', params: pageParams }),
      post: op(
        'Queue a delivery: now, at `scheduled`, recurring (`recurrence`), or several releases in one DDEX batch ' +
          '(`releaseIds`: a delivery each, listed in `batch.deliveryIds`; the first is returned). `priority` ' +
          '(high, normal, low) orders it among due deliveries; the delivery keeps it, and so do its retries',
        { tag: 'deliveries', body: 'QueueDeliveryInput', ok: 201, write: true, params: [idempotencyKeyParam] },
      ),
    },
    '/api/deliveries/preflight': {
      post: op(
        "Check a release against each target's rules before queuing (per target: ready, the issues with the " +
          'release field behind each, and the message type its history suggests); nothing is queued',
        { tag: 'deliveries', body: 'PreflightInput' },
      ),
    },
    '/api/deliveries/events': {
      get: {
        summary:
          'Server-sent events of the tenant’s delivery changes: `ready` on connect (reload, earlier changes are not ' +
          'replayed), then `delivery` with the delivery as JSON (status, attemptCount, nextAttemptAt while it waits ' +
          'to retry) on every change, and a `: heartbeat` comment after 15 s of quiet',
        tags: ['deliveries'],
        responses: {
          '200': { description: 'The event stream', content: { 'text/event-stream': { schema: { type: 'string' } } } },
          '401': { $ref: '#/components/responses/Unauthenticated' },
        },
      },
    },
    '/api/deliveries/{id}': {
      get: op(
        'Get a delivery with attempts and receipts; `package.files` lists each file sent with its size and MD5, and ' +
          '`nextAttemptAt` is set while it waits to retry',
        { tag: 'deliveries', params: item },
      ),
    },
    '/api/deliveries/{id}/ern': {
      get: xmlDownload('The ERN message the delivery sent (Content-Disposition: attachment)', [idParam]),
    },
    '/api/deliveries/{id}/manifest': {
      get: xmlDownload('The completion manifest of the delivery’s batch (404 when its profile writes none)', [idParam]),
    },
    '/api/deliveries/{id}/receipts/{receiptId}': {
      get: xmlDownload('A receipt’s body: the DSP’s acknowledgement as it arrived', [
        idParam,
        { name: 'receiptId', in: 'path', required: true, schema: { type: 'string' } },
      ]),
    },
    '/api/deliveries/{id}/retry': {
      post: op('Retry a failed, rejected or cancelled delivery (with the others of its batch in that state)', {
        tag: 'deliveries',
        params: item,
        write: true,
      }),
    },
    '/api/deliveries/{id}/cancel': {
      post: op(
        'Cancel a queued delivery (with its batch); for a recurring one, end the series: its queued run is ' +
          'cancelled and no further run is queued (409 for a one-off that started)',
        { tag: 'deliveries', params: item, write: true },
      ),
    },
    '/api/deliveries/{id}/logs': {
      get: op('Delivery log lines', { tag: 'deliveries', params: [idParam, ...pageParams] }),
    },
    '/api/tenants': {
      get: op('The caller’s tenant', { tag: 'tenants' }),
      post: op('Create a tenant and its admin key (operators)', {
        tag: 'tenants',
        body: 'Tenant',
        ok: 201,
        write: true,
      }),
    },
    '/api/tenants/{id}': {
      get: op('Get the caller’s tenant', { tag: 'tenants', params: item }),
      put: op('Replace the caller’s tenant (admin)', { tag: 'tenants', params: write, body: 'Tenant', write: true }),
    },
    '/api/users': {
      get: op('List users (admin)', { tag: 'users', params: pageParams }),
      post: op('Create a user (admin)', { tag: 'users', body: 'UserInput', ok: 201, write: true }),
    },
    '/api/users/{id}': {
      get: op('Get a user (admin)', { tag: 'users', params: item }),
      patch: op('Change a user (admin)', { tag: 'users', params: write, body: 'UserPatch', write: true }),
      delete: op('Delete a user (admin)', { tag: 'users', params: item, ok: 204, write: true }),
    },
    '/api/api-keys': {
      get: op('List API keys with last use and request count (admin)', {
        tag: 'api-keys',
        params: pageParams,
        response: 'ApiKeyPage',
      }),
      post: op('Create an API key; the secret is returned once (admin)', {
        tag: 'api-keys',
        body: 'ApiKeyInput',
        ok: 201,
        write: true,
      }),
    },
    '/api/api-keys/{id}': { delete: op('Revoke an API key (admin)', { tag: 'api-keys', params: item, write: true }) },
    '/api/webhooks': {
      get: op('List webhooks, without secrets (admin)', { tag: 'webhooks' }),
      post: op(
        'Add a webhook; events are POSTed as JSON signed in DDEX-Signature: t=<unix s>,v1=<hex HMAC-SHA256 of ' +
          '"<t>.<body>">, retried with backoff; a generated secret is returned once (admin)',
        { tag: 'webhooks', body: 'WebhookInput', ok: 201, write: true },
      ),
    },
    '/api/webhooks/{id}': {
      delete: op('Remove a webhook (admin)', { tag: 'webhooks', params: item, ok: 204, write: true }),
    },
  };
  return {
    openapi: '3.1.0',
    info: {
      title: 'DDEX Distro API',
      version: '0.1.0',
      license: { name: 'MIT', identifier: 'MIT' },
      description:
        'Every response carries X-Request-Id (a sane incoming one is kept, else one is generated); error bodies ' +
        'repeat it as error.requestId.',
    },
    servers: [{ url: '/' }],
    security: [{ apiKey: [] }, { session: [] }],
    paths,
    components: {
      securitySchemes: {
        apiKey: { type: 'http', scheme: 'bearer', description: 'An API key: Authorization: Bearer ddx_…' },
        session: {
          type: 'apiKey',
          in: 'cookie',
          name: 'ddex_session',
          description:
            'The session cookie of POST /api/auth/login; requests other than GET/HEAD also need the header ' +
            'x-csrf-token with the session’s csrfToken (403 CSRF_FAILED otherwise).',
        },
      },
      schemas: Object.fromEntries(Object.entries(SCHEMAS).map(([name, schema]) => [name, jsonSchema(schema)])),
      responses: {
        Invalid: errorResponse('The input is invalid: the issues name each field (code, path, message)'),
        Unauthenticated: errorResponse('No or an unknown API key'),
        Forbidden: errorResponse(
          'The role may not do this (FORBIDDEN), or a cookie write lacks x-csrf-token (CSRF_FAILED)',
        ),
        NotFound: errorResponse('No such object in the caller’s tenant'),
        Conflict: errorResponse('Stale If-Match version, duplicate id, or a state that does not allow it'),
      },
    },
  };
}
