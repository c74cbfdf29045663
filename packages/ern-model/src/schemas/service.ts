import { z } from 'zod';
import { isoDateOrDateTime, territoryCode } from '../primitives';
import { ERN_VERSION_IDS } from './release';

/** A tenant: a label, an artist or an aggregator with its own catalog. */
export const TenantSchema = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  type: z.enum(['label', 'artist', 'aggregator']),
  branding: z
    .object({
      logo: z.string().optional(),
      primaryColor: z
        .string()
        .regex(/^#[0-9a-fA-F]{6}$/, 'must be a colour like #1a2b3c')
        .default('#1f6feb'),
      secondaryColor: z
        .string()
        .regex(/^#[0-9a-fA-F]{6}$/, 'must be a colour like #1a2b3c')
        .default('#0d1117'),
      customDomain: z.string().optional(),
    })
    .default({ primaryColor: '#1f6feb', secondaryColor: '#0d1117' }),
  settings: z
    .object({
      defaultERNVersion: z.enum(ERN_VERSION_IDS).default('4.3'),
      defaultTerritories: z.array(territoryCode).default(['Worldwide']),
      requireValidation: z.boolean().default(true),
      autoDeliver: z.boolean().default(false),
    })
    .default({
      defaultERNVersion: '4.3',
      defaultTerritories: ['Worldwide'],
      requireValidation: true,
      autoDeliver: false,
    }),
  subscription: z
    .object({
      plan: z.enum(['free', 'pro', 'enterprise']).default('free'),
      releaseLimit: z.number().int().positive().optional(),
      deliveryLimit: z.number().int().positive().optional(),
      expires: isoDateOrDateTime.optional(),
    })
    .default({ plan: 'free' }),
  users: z.array(z.string()).default([]),
  owner: z.string().optional(),
  created: isoDateOrDateTime.optional(),
});

/** Delivery protocols; each names a transport of @ddex/delivery-transports. */
export const DELIVERY_PROTOCOLS = ['SFTP', 'FTP', 'FTPS', 'S3', 'API', 'HTTP', 'FILESYSTEM'] as const;

/** A place releases are delivered to: a DSP, an aggregator or a test target. */
export const DeliveryTargetSchema = z.object({
  id: z.string().min(1),
  tenantId: z.string().min(1).optional(),
  name: z.string().min(1),
  type: z.enum(['DSP', 'Aggregator', 'Test']),
  protocol: z.enum(DELIVERY_PROTOCOLS),
  /** protocol settings; secrets in it are encrypted at rest by the service */
  config: z.record(z.string(), z.unknown()).default({}),
  /** the recipient's DDEX Party ID and name, written into the ERN header */
  recipient: z.object({ dpid: z.string().min(1), name: z.string().min(1) }).optional(),
  requirements: z
    .object({
      ernVersion: z.enum(ERN_VERSION_IDS).optional(),
      audioFormat: z.array(z.string()).optional(),
      imageSpecs: z
        .array(
          z.object({
            minWidth: z.number().int().optional(),
            minHeight: z.number().int().optional(),
            format: z.string().optional(),
          }),
        )
        .optional(),
      profile: z.string().optional(),
    })
    .optional(),
  schedule: z
    .object({
      type: z.enum(['immediate', 'scheduled', 'recurring']).default('immediate'),
      timezone: z.string().optional(),
      time: z.string().optional(),
      frequency: z.enum(['daily', 'weekly', 'monthly']).optional(),
    })
    .default({ type: 'immediate' }),
  /**
   * Our genres → the DSP's, applied when the target's ERN is written: keys are a main genre (`Rock`) or
   * `main > sub` (`Classical > Baroque`), values the DSP's genre (optionally `main > sub`); `fallback` for the rest.
   */
  genreMap: z
    .object({
      genres: z.record(z.string().trim().min(1).max(200), z.string().trim().min(1).max(200)).default({}),
      fallback: z.string().trim().min(1).max(200).optional(),
    })
    .optional(),
  active: z.boolean().default(true),
  lastDelivery: isoDateOrDateTime.optional(),
  testMode: z.boolean().default(false),
});

/**
 * States of a delivery: `completed` once the files are on the recipient's server, then `acknowledged` or `rejected`
 * when the recipient's acknowledgement (DDEX ERN choreography) says so.
 */
export const DELIVERY_STATUSES = [
  'queued',
  'processing',
  'delivering',
  'completed',
  'acknowledged',
  'rejected',
  'failed',
  'cancelled',
] as const;

/** One try at delivering a package. */
export const DeliveryAttemptSchema = z.object({
  number: z.number().int().positive(),
  startedAt: isoDateOrDateTime,
  finishedAt: isoDateOrDateTime.optional(),
  status: z.enum(['running', 'succeeded', 'failed']),
  error: z.object({ code: z.string(), message: z.string() }).optional(),
});

/** A delivery of one release to one target. */
export const DeliverySchema = z.object({
  id: z.string().min(1),
  releaseId: z.string().min(1),
  targetId: z.string().min(1),
  tenantId: z.string().min(1).optional(),
  kind: z.enum(['NewRelease', 'Update', 'Takedown']).default('NewRelease'),
  status: z.enum(DELIVERY_STATUSES).default('queued'),
  package: z
    .object({
      ernFile: z.string(),
      audioFiles: z.array(z.string()).default([]),
      imageFiles: z.array(z.string()).default([]),
      totalSize: z.number().int().nonnegative().default(0),
    })
    .optional(),
  attempts: z.array(DeliveryAttemptSchema).default([]),
  scheduled: isoDateOrDateTime.optional(),
  started: isoDateOrDateTime.optional(),
  completed: isoDateOrDateTime.optional(),
  receipt: z
    .object({
      dspMessageId: z.string().optional(),
      acknowledgment: z.string().optional(),
      timestamp: isoDateOrDateTime,
    })
    .optional(),
});
