import { DeliveryTargetSchema, ReleaseSchema, TenantSchema } from '@ddex/ern-model';
import { z } from 'zod';
import { UploadInputSchema } from '../services/assets';
import { QueueDeliveryInputSchema } from '../services/deliveries';
import { GenerateInputSchema } from '../services/ern';
import { ApiKeyInputSchema, ApiKeyViewSchema, UserInputSchema, UserPatchSchema } from '../services/identity';
import { PreflightInputSchema } from '../services/readiness';
import { ReleaseSummaryViewSchema } from '../services/releases';
import { LoginInputSchema } from '../services/sessions';
import { TargetTestResultSchema } from '../services/targets';
import { ValidationReportSchema } from '../services/validations';
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
    errors: z.array(z.object({ line: z.number(), column: z.number(), message: z.string(), code: z.string() })),
    writerIssues: z.array(IssueSchema),
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
const errorRef = errorResponse;

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
    '/api/metrics': {
      get: op(
        'Dashboard figures: releases and deliveries by status, finished deliveries per day and per target, p50/p95 duration, queue depth',
        { tag: 'ops' },
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
          '(`releaseIds`: a delivery each, listed in `batch.deliveryIds`; the first is returned)',
        { tag: 'deliveries', body: 'QueueDeliveryInput', ok: 201, write: true },
      ),
    },
    '/api/deliveries/preflight': {
      post: op(
        "Check a release against each target's rules before queuing (per target: ready, the issues with the " +
          'release field behind each, and the message type its history suggests); nothing is queued',
        { tag: 'deliveries', body: 'PreflightInput' },
      ),
    },
    '/api/deliveries/{id}': {
      get: op('Get a delivery with attempts and receipts', { tag: 'deliveries', params: item }),
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
