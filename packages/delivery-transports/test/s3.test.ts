import * as vitest from 'vitest';
import { s3 } from '../src';
import { describeTransport } from '../src/testing';
import { liveEnv } from './helpers/live';

const env = liveEnv('s3');

vitest.describe.skipIf(!env)('s3 against Ceph radosgw', () => {
  if (!env) return;
  const create = () =>
    s3({
      bucket: env.DDEX_TEST_S3_BUCKET,
      prefix: `contract-${process.pid}/`,
      endpoint: env.DDEX_TEST_S3_ENDPOINT,
      credentials: { accessKeyId: env.DDEX_TEST_S3_ACCESS, secretAccessKey: env.DDEX_TEST_S3_SECRET },
      partSize: 5 * 1024 * 1024,
      multipartThreshold: 2 * 1024 * 1024,
    });
  describeTransport({ name: 's3', create, vitest });
});
