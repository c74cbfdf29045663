import { DeleteObjectsCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';

/** Environment variables of each live suite (set by `.ci/servers/postgres.sh` and `.ci/servers/start.sh`). */
export const LIVE_VARS = {
  postgres: ['DDEX_TEST_PG_URL'],
  s3: ['DDEX_TEST_S3_ENDPOINT', 'DDEX_TEST_S3_ACCESS', 'DDEX_TEST_S3_SECRET', 'DDEX_TEST_S3_BUCKET'],
} as const;

/** The variables of `suite` that are not set. */
export function missingVars(suite: keyof typeof LIVE_VARS): string[] {
  return LIVE_VARS[suite].filter((v) => !process.env[v]);
}

/** Admin URL of the PostgreSQL server (a superuser on its `postgres` database), or undefined. */
export const PG_URL = process.env.DDEX_TEST_PG_URL;

/** Connection settings of the S3 server, or undefined. */
export const S3_ENV =
  missingVars('s3').length === 0
    ? {
        endpoint: process.env.DDEX_TEST_S3_ENDPOINT!,
        region: process.env.DDEX_TEST_S3_REGION ?? 'us-east-1',
        accessKeyId: process.env.DDEX_TEST_S3_ACCESS!,
        secretAccessKey: process.env.DDEX_TEST_S3_SECRET!,
        bucket: process.env.DDEX_TEST_S3_BUCKET!,
      }
    : undefined;

/** An S3 client for the test server. */
export function testS3Client(env = S3_ENV!, secret = env.secretAccessKey): S3Client {
  return new S3Client({
    endpoint: env.endpoint,
    region: env.region,
    forcePathStyle: true,
    credentials: { accessKeyId: env.accessKeyId, secretAccessKey: secret },
  });
}

/** Deletes every object under `prefix` (radosgw here keeps objects in RAM: tests clean up after themselves). */
export async function emptyPrefix(client: S3Client, bucket: string, prefix: string): Promise<void> {
  for (;;) {
    const res = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, MaxKeys: 1000 }));
    const keys = (res.Contents ?? []).map((o) => ({ Key: o.Key! }));
    if (keys.length === 0) return;
    await client.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: keys, Quiet: true } }));
  }
}
