// Creates the test bucket and writes one object, so radosgw creates its data pools before the tests run.
import { CreateBucketCommand, DeleteObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';

const client = new S3Client({
  endpoint: process.env.DDEX_S3_ENDPOINT ?? 'http://127.0.0.1:7480',
  region: 'us-east-1',
  forcePathStyle: true,
  credentials: { accessKeyId: 'DDEXTESTACCESSKEY', secretAccessKey: 'DDEXTESTSECRETKEY0123456789' },
});
const Bucket = 'ddex-test';
const started = Date.now();
try {
  await client.send(new CreateBucketCommand({ Bucket }));
} catch (e) {
  if (e?.name !== 'BucketAlreadyOwnedByYou' && e?.name !== 'BucketAlreadyExists') throw e;
}
await client.send(new PutObjectCommand({ Bucket, Key: '.warmup', Body: 'warm' }));
await client.send(new DeleteObjectCommand({ Bucket, Key: '.warmup' }));
process.stderr.write(`[ddex-ci] s3 warm-up done in ${Date.now() - started} ms\n`);
client.destroy();
