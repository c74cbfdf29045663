// Delivery throughput against the real servers of .ci/servers/start.sh (source /tmp/ddex-ci/env first), each figure
// beside a reference client moving the same file to the same server in the same run: OpenSSH `sftp` for SFTP,
// `curl -T` for FTP, `aws s3 cp` (when installed) for S3. The peers are system programs, not npm packages, so
// bench/peers.ts is not involved. Sizes: DDEX_BENCH_SFTP_MB (200), DDEX_BENCH_FTP_MB and DDEX_BENCH_S3_MB (100).
import { execFileSync, spawnSync } from 'node:child_process';
import { createReadStream, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BenchFigure } from '../../../bench/harness';
import {
  createDeliveryRuntime,
  type DeliveryRuntime,
  deliver,
  ftp,
  GENERIC_RELEASE_BY_RELEASE,
  type ReleaseDelivery,
  s3,
  sftp,
  type Transport,
} from '../src';

const MiB = 1024 * 1024;
const mbOf = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const round = (n: number, d = 1) => Math.round(n * 10 ** d) / 10 ** d;

function need(names: string[]): Record<string, string> {
  const missing = names.filter((n) => !process.env[n]);
  if (missing.length) throw new Error(`missing ${missing.join(', ')}: run .ci/servers/start.sh, source its env`);
  return Object.fromEntries(names.map((n) => [n, process.env[n]!]));
}

/** Seconds `fn` takes. */
async function seconds(fn: () => unknown): Promise<number> {
  const start = performance.now();
  await fn();
  return (performance.now() - start) / 1000;
}

/** Uploads through a fresh runtime (connect included, as a reference client's run includes it). */
async function runtimeUpload(make: () => Transport, put: (rt: DeliveryRuntime) => Promise<unknown>) {
  const rt = createDeliveryRuntime(make());
  try {
    return await seconds(() => put(rt));
  } finally {
    await rt.dispose();
  }
}

function figure(
  bench: string,
  bytes: number,
  ours: number,
  peer: string,
  peerSeconds: number | undefined,
  target?: number,
) {
  const value = round(bytes / MiB / ours);
  const peerValue = peerSeconds === undefined ? undefined : round(bytes / MiB / peerSeconds);
  return {
    bench,
    unit: 'MiB/s',
    value,
    ...(peerValue !== undefined && { peer, peerValue, ratio: round(value / peerValue, 2) }),
    mb: round(bytes / MiB, 0),
    ...(target !== undefined && { target: `${target}x peer` }),
  } satisfies BenchFigure;
}

/**
 * `delivery-sftp-file` / `delivery-sftp-stream`: MiB/s of a DDEX_BENCH_SFTP_MB file through `sftp()` (a file on disk;
 * a stream as from the asset store), each upload on a new connection (handshake included, as in the peer's run),
 * against OpenSSH `sftp` putting the same file to the same sshd, both pinned to the same cipher (targets ≥ 2× and
 * ≥ 1.5×). Medians of DDEX_BENCH_SFTP_RUNS (5) interleaved rounds: the machine is shared, so one run says little.
 * `delivery-sftp-connect`: ms to connect and open the SFTP session, against an OpenSSH `sftp` run with an empty batch;
 * `delivery-sftp-release-overhead`: ms per small release over one connection (100 releases, release-by-release:
 * 2 files + ERN each; target ≤ 50); `delivery-ftp`, `delivery-s3`: MiB/s against curl and aws-cli.
 */
export async function runDeliveryBench(): Promise<BenchFigure[]> {
  const env = need(['DDEX_TEST_SFTP_PORT', 'DDEX_TEST_SFTP_USER', 'DDEX_TEST_SFTP_KEY', 'DDEX_TEST_SFTP_DIR']);
  const dir = mkdtempSync(join(tmpdir(), 'ddex-delivery-bench-'));
  const figures: BenchFigure[] = [];
  try {
    figures.push(...(await sftpFigures(env, dir)));
    const ftpEnv = process.env.DDEX_TEST_FTP_PORT
      ? need(['DDEX_TEST_FTP_PORT', 'DDEX_TEST_FTP_USER', 'DDEX_TEST_FTP_PASSWORD'])
      : undefined;
    if (ftpEnv) figures.push(await ftpFigure(ftpEnv, dir));
    const s3Env = process.env.DDEX_TEST_S3_ENDPOINT
      ? need(['DDEX_TEST_S3_ENDPOINT', 'DDEX_TEST_S3_ACCESS', 'DDEX_TEST_S3_SECRET', 'DDEX_TEST_S3_BUCKET'])
      : undefined;
    if (s3Env) figures.push(await s3Figure(s3Env, dir));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return figures;
}

// --- Internal helpers ---

function bigFile(dir: string, mb: number): string {
  const path = join(dir, `payload-${mb}.bin`);
  const chunk = Buffer.alloc(MiB);
  for (let i = 0; i < chunk.length; i++) chunk[i] = (i * 7919) & 0xff;
  writeFileSync(path, '');
  for (let i = 0; i < mb; i++) {
    chunk[0] = i & 0xff;
    writeFileSync(path, chunk, { flag: 'a' });
  }
  return path;
}

/** The cipher both SFTP clients are pinned to; ssh2 offers it first by default, OpenSSH 9 offers chacha20 first. */
const SFTP_CIPHER = 'aes128-gcm@openssh.com';

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

async function sftpFigures(env: Record<string, string>, dir: string): Promise<BenchFigure[]> {
  const mb = mbOf('DDEX_BENCH_SFTP_MB', 200);
  const runs = Math.max(1, mbOf('DDEX_BENCH_SFTP_RUNS', 5));
  const file = bigFile(dir, mb);
  const bytes = mb * MiB;
  const remoteDir = join(env.DDEX_TEST_SFTP_DIR!, `bench-${process.pid}`);
  mkdirSync(remoteDir, { recursive: true });
  const make = () =>
    sftp({
      host: '127.0.0.1',
      port: Number(env.DDEX_TEST_SFTP_PORT),
      username: env.DDEX_TEST_SFTP_USER!,
      privateKey: readFileSync(env.DDEX_TEST_SFTP_KEY!),
      directory: remoteDir,
      algorithms: { cipher: [SFTP_CIPHER] },
    });
  const openssh = (batch: string) => {
    const args = ['-q', '-b', batch, '-c', SFTP_CIPHER, '-i', env.DDEX_TEST_SFTP_KEY!, '-P', env.DDEX_TEST_SFTP_PORT!];
    const opts = ['-o', 'StrictHostKeyChecking=no', '-o', 'UserKnownHostsFile=/dev/null', '-o', 'LogLevel=ERROR'];
    return seconds(() => execFileSync('sftp', [...args, ...opts, `${env.DDEX_TEST_SFTP_USER}@127.0.0.1`]));
  };
  const putBatch = join(dir, 'sftp-put');
  writeFileSync(putBatch, `put ${file} ${remoteDir}/openssh.bin\n`);
  const emptyBatch = join(dir, 'sftp-empty');
  writeFileSync(emptyBatch, '');
  try {
    process.stderr.write(`bench: sftp ${mb} MB × ${runs} rounds (ours: file, stream; OpenSSH sftp), ${SFTP_CIPHER}\n`);
    const cases: Record<string, () => Promise<number>> = {
      peer: () => openssh(putBatch),
      file: () => runtimeUpload(make, (rt) => rt.put('file.bin', { path: file })),
      stream: () =>
        runtimeUpload(make, (rt) =>
          rt.put('stream.bin', { stream: (start) => createReadStream(file, { start }) }, { size: bytes }),
        ),
      peerConnect: () => openssh(emptyBatch),
      connect: () => runtimeUpload(make, (rt) => rt.connect()),
    };
    const times: Record<string, number[]> = Object.fromEntries(Object.keys(cases).map((k) => [k, []]));
    const names = Object.keys(cases);
    for (let round = 0; round < runs; round++) {
      // rotate the order so that no case always runs right after the same one
      for (let i = 0; i < names.length; i++) {
        const name = names[(i + round) % names.length]!;
        times[name]!.push(await cases[name]!());
      }
    }
    const m = (k: string) => median(times[k]!);
    const overhead = median([await releaseOverhead(make), await releaseOverhead(make), await releaseOverhead(make)]);
    const extra = { cipher: SFTP_CIPHER, runs, statistic: 'median' };
    return [
      { ...figure('delivery-sftp-file', bytes, m('file'), 'openssh-sftp', m('peer'), 2), ...extra },
      { ...figure('delivery-sftp-stream', bytes, m('stream'), 'openssh-sftp', m('peer'), 1.5), ...extra },
      {
        bench: 'delivery-sftp-connect',
        unit: 'ms',
        value: round(m('connect') * 1000, 0),
        peer: 'openssh-sftp',
        peerValue: round(m('peerConnect') * 1000, 0),
        ...extra,
        note: 'handshake and SFTP session; the peer figure includes starting the sftp process',
      },
      { bench: 'delivery-sftp-release-overhead', unit: 'ms', value: overhead, releases: 100, target: 50, runs: 3 },
    ];
  } finally {
    rmSync(remoteDir, { recursive: true, force: true });
  }
}

/** ms per release of 100 small releases (2 files + ERN, release by release) delivered over one connection. */
async function releaseOverhead(make: () => Transport): Promise<number> {
  const rt = createDeliveryRuntime(make());
  const releases: ReleaseDelivery[] = Array.from({ length: 100 }, (_, i) => {
    const upc = String(5012345000000 + i);
    return {
      upc,
      ern: { data: `<NewReleaseMessage>${upc}</NewReleaseMessage>`, messageId: `M${upc}` },
      resources: [
        { kind: 'audio', ext: 'flac', track: 1, source: { data: Buffer.alloc(8 * 1024, i) } },
        { kind: 'image', ext: 'jpg', source: { data: Buffer.alloc(4 * 1024, i) } },
      ],
    };
  });
  const sender = { dpid: 'PADPIDA2014120301B', name: 'Bench' };
  try {
    await rt.connect();
    const s = await seconds(async () => {
      for (const r of releases) await deliver(rt, [r], { profile: GENERIC_RELEASE_BY_RELEASE, sender });
    });
    return round((s * 1000) / releases.length);
  } finally {
    await rt.dispose();
  }
}

async function ftpFigure(env: Record<string, string>, dir: string): Promise<BenchFigure> {
  const mb = mbOf('DDEX_BENCH_FTP_MB', 100);
  const file = bigFile(dir, mb);
  const folder = `/bench-${process.pid}`;
  const make = () =>
    ftp({
      host: '127.0.0.1',
      port: Number(env.DDEX_TEST_FTP_PORT),
      username: env.DDEX_TEST_FTP_USER!,
      password: env.DDEX_TEST_FTP_PASSWORD!,
      directory: folder,
    });
  process.stderr.write(`bench: ftp ${mb} MB (ours; curl -T)\n`);
  const url = `ftp://127.0.0.1:${env.DDEX_TEST_FTP_PORT}${folder}/curl.bin`;
  const curl = () =>
    seconds(() =>
      execFileSync('curl', [
        '-sS',
        '--ftp-create-dirs',
        '-u',
        `${env.DDEX_TEST_FTP_USER}:${env.DDEX_TEST_FTP_PASSWORD}`,
        '-T',
        file,
        url,
      ]),
    );
  const best = async (fn: () => Promise<number>) => Math.min(await fn(), await fn());
  const peer = hasProgram('curl') ? await best(curl) : undefined;
  const ours = await best(() => runtimeUpload(make, (rt) => rt.put('ours.bin', { path: file })));
  const rt = createDeliveryRuntime(make());
  await rt.remove('ours.bin').catch(() => undefined);
  await rt.remove('curl.bin').catch(() => undefined);
  await rt.dispose();
  rmSync(join(process.env.DDEX_TEST_FTP_DIR ?? '/nonexistent', folder), { recursive: true, force: true });
  return figure('delivery-ftp', mb * MiB, ours, 'curl', peer);
}

async function s3Figure(env: Record<string, string>, dir: string): Promise<BenchFigure> {
  const mb = mbOf('DDEX_BENCH_S3_MB', 100);
  const file = bigFile(dir, mb);
  const prefix = `bench-${process.pid}`;
  const make = () =>
    s3({
      bucket: env.DDEX_TEST_S3_BUCKET!,
      prefix,
      endpoint: env.DDEX_TEST_S3_ENDPOINT,
      credentials: { accessKeyId: env.DDEX_TEST_S3_ACCESS!, secretAccessKey: env.DDEX_TEST_S3_SECRET! },
    });
  process.stderr.write(`bench: s3 ${mb} MB (ours; aws s3 cp)\n`);
  const aws = () =>
    seconds(() =>
      execFileSync(
        'aws',
        [
          's3',
          'cp',
          '--only-show-errors',
          '--endpoint-url',
          env.DDEX_TEST_S3_ENDPOINT!,
          file,
          `s3://${env.DDEX_TEST_S3_BUCKET}/${prefix}/aws.bin`,
        ],
        {
          env: {
            ...process.env,
            AWS_ACCESS_KEY_ID: env.DDEX_TEST_S3_ACCESS,
            AWS_SECRET_ACCESS_KEY: env.DDEX_TEST_S3_SECRET,
            AWS_DEFAULT_REGION: 'us-east-1',
          },
        },
      ),
    );
  const best = async (fn: () => Promise<number>) => Math.min(await fn(), await fn());
  const peer = hasProgram('aws') ? await best(aws) : undefined;
  const ours = await best(() => runtimeUpload(make, (rt) => rt.put('ours.bin', { path: file })));
  const rt = createDeliveryRuntime(make());
  await rt.remove('ours.bin').catch(() => undefined);
  await rt.remove('aws.bin').catch(() => undefined);
  await rt.dispose();
  return figure('delivery-s3', mb * MiB, ours, 'aws-cli', peer);
}

function hasProgram(name: string): boolean {
  return spawnSync(name, ['--version'], { stdio: 'ignore', timeout: 30_000 }).status === 0;
}
