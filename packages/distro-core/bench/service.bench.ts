import { fork } from 'node:child_process';
import { join } from 'node:path';
import autocannon from 'autocannon';
import type { BenchFigure } from '../../../bench/harness';
import type { ServiceBenchReady } from './service-server';

// The service under load (issue 7 §6): the real HTTP server on the SQLite default store with
// DDEX_BENCH_SERVICE_RELEASES releases (default 100,000), driven by autocannon with
// DDEX_BENCH_SERVICE_CONNECTIONS concurrent connections (default 50) for DDEX_BENCH_SERVICE_SECONDS per endpoint
// (default 10). Latency percentiles are computed from every response time autocannon reports (its summary
// histogram has p90/p97.5/p99 but no p95).

/** autocannon's per-request timeout, seconds */
const TIMEOUT_S = 10;

const WORDS = ['aurora', 'night', 'glass', 'ember', 'neon signal', 'quiet river', 'polar', 'velvet storm'];

interface Scenario {
  name: string;
  method: 'GET' | 'POST';
  /** target p95 in ms */
  target: number;
  path: (i: number) => string;
  body?: string;
}

/** The p-th percentile (0-100) of sorted values, nearest-rank. */
function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1]!;
}

const round2 = (n: number) => Math.round(n * 100) / 100;
const round3 = (n: number) => Math.round(n * 1000) / 1000;

interface ServerProcess {
  ready: ServiceBenchReady;
  /** the server process's CPU time so far (user + system), microseconds */
  cpuMicros: () => Promise<number>;
  stop: () => Promise<void>;
}

function startServerProcess(): Promise<ServerProcess> {
  const child = fork(join(import.meta.dirname, 'service-server.ts'), [], {
    // the parent's --conditions=@ddex/source --import tsx (npm run bench) are inherited
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    execArgv: [
      ...process.execArgv,
      ...(process.env.DDEX_BENCH_SERVICE_PROF
        ? ['--cpu-prof', `--cpu-prof-dir=${process.env.DDEX_BENCH_SERVICE_PROF}`]
        : []),
    ],
  });
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the bench server exited with ${code} before it was ready`)));
    child.on('message', (message: { type?: string } & ServiceBenchReady) => {
      if (message?.type !== 'ready') return;
      resolve({
        ready: message,
        cpuMicros: () =>
          new Promise((done) => {
            const onCpu = (reply: { type?: string; micros?: number }) => {
              if (reply?.type !== 'cpu') return;
              child.off('message', onCpu);
              done(reply.micros ?? Number.NaN);
            };
            child.on('message', onCpu);
            child.send({ type: 'cpu' });
          }),
        stop: async () => {
          child.send({ type: 'stop' });
          const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
          await exited;
          clearTimeout(timer);
        },
      });
    });
  });
}

async function load(
  url: string,
  key: string,
  scenario: Scenario,
  connections: number,
  seconds: number,
): Promise<{ latencies: number[]; non2xx: number; errors: number; timeouts: number; rps: number }> {
  let i = 0;
  const latencies: number[] = [];
  let non2xx = 0;
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url,
        connections,
        duration: seconds,
        timeout: TIMEOUT_S,
        headers: {
          authorization: `Bearer ${key}`,
          ...(scenario.body !== undefined && { 'content-type': 'application/json' }),
        },
        requests: [
          {
            method: scenario.method,
            body: scenario.body,
            setupRequest: (request) => ({ ...request, path: scenario.path(i++) }),
          },
        ],
      },
      (error, done) => (error ? reject(error) : resolve(done)),
    );
    // every response time (ms, sub-millisecond resolution): the summary histogram has no p95
    instance.on('response', (_client, status, _bytes, responseTime) => {
      latencies.push(responseTime);
      if (status < 200 || status > 299) non2xx++;
    });
  });
  // a request that timed out took at least the timeout: counted as such, so it cannot flatter the percentiles
  for (let t = 0; t < result.timeouts; t++) latencies.push(TIMEOUT_S * 1000);
  return {
    latencies,
    non2xx,
    errors: result.errors - result.timeouts,
    timeouts: result.timeouts,
    rps: Math.round(result.requests.average),
  };
}

/**
 * p95 (and p50/p99) latency of list, search, get and generate on the running service under concurrent clients;
 * one figure per endpoint, `target` is the goal (20 ms reads, 50 ms generate).
 */
export async function runServiceBench(): Promise<BenchFigure[]> {
  const connections = Number(process.env.DDEX_BENCH_SERVICE_CONNECTIONS ?? 50);
  const seconds = Number(process.env.DDEX_BENCH_SERVICE_SECONDS ?? 10);
  const { ready, cpuMicros, stop } = await startServerProcess();
  const { url, key, releases, targetId } = ready;
  const id = (i: number) => `rel-${String(1 + ((i * 7919) % releases)).padStart(7, '0')}`;
  const scenarios: Scenario[] = [
    {
      name: 'list',
      method: 'GET',
      target: 20,
      // first pages: all, by status, by label (the catalog view's filters)
      path: (i) =>
        [
          '/api/releases?limit=50',
          '/api/releases?limit=50&status=ready',
          `/api/releases?limit=50&label=Label%20${i % 200}`,
        ][i % 3]!,
    },
    {
      name: 'search',
      method: 'GET',
      target: 20,
      path: (i) =>
        i % 4 === 3
          ? `/api/releases?q=CAT-${id(i).slice(4)}`
          : `/api/releases?limit=20&q=${encodeURIComponent(WORDS[i % WORDS.length]!)}`,
    },
    { name: 'get', method: 'GET', target: 20, path: (i) => `/api/releases/${id(i)}` },
    {
      name: 'generate',
      method: 'POST',
      target: 50,
      path: (i) => `/api/releases/${id(i)}/generate`,
      body: JSON.stringify({ targetId }),
    },
  ];
  const figures: BenchFigure[] =
    ready.loadSeconds === undefined
      ? []
      : [{ bench: 'service-load', unit: 's', value: ready.loadSeconds, releases, tracks: releases * 12 }];
  try {
    // DDEX_BENCH_SERVICE_ONLY=list,get runs some scenarios only
    const only = process.env.DDEX_BENCH_SERVICE_ONLY?.split(',');
    for (const scenario of scenarios.filter((s) => !only || only.includes(s.name))) {
      process.stderr.write(`bench: service: ${scenario.name}, ${connections} connections for ${seconds} s\n`);
      await load(url, key, scenario, Math.min(connections, 10), 1); // warm-up (JIT, page cache)
      const cpuBefore = await cpuMicros();
      const run = await load(url, key, scenario, connections, seconds);
      const cpuAfter = await cpuMicros();
      const sorted = run.latencies.sort((a, b) => a - b);
      figures.push({
        bench: `service-${scenario.name}-p95`,
        unit: 'ms',
        value: round2(percentile(sorted, 95)),
        target: scenario.target,
        requests: sorted.length,
        p50: round2(percentile(sorted, 50)),
        p99: round2(percentile(sorted, 99)),
        rps: run.rps,
        // server CPU per request: p95 ≈ connections × this on a quiet machine, and unlike p95 it barely moves when
        // other processes share the cores
        serverCpuMs: round3((cpuAfter - cpuBefore) / 1000 / Math.max(1, sorted.length)),
        non2xx: run.non2xx,
        errors: run.errors,
        timeouts: run.timeouts,
        connections,
        releases,
      });
    }
  } finally {
    await stop();
  }
  return figures;
}
