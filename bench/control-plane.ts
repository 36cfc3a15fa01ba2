/**
 * Benchmark 6: the control plane. `POST /v1/jobs` latency at a steady rate of small documents
 * (autocannon, a fixed request rate over a pool of connections), and the acceptance time and
 * memory of a 1,000,000-character document.
 *
 * The API runs as deployed (one process, from the build) with rate limiting on but set above
 * the offered load (the default of 10 requests/s per IP would answer most of them 429), so its
 * PostgreSQL round trip is part of every request. No worker runs: the jobs are accepted and
 * announced, then cancelled at the end so that nothing is left queued.
 *
 *   npx tsx bench/control-plane.ts [corpus.txt] [--rate 200] [--seconds 30] [--connections 20]
 *     [--big-chars 1000000] [--big-runs 3]
 *
 * Needs the local stack (`npm run stack -- up`) and a build (`npm run build`).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { startApi, type RunningApi } from '../test/support/processes';
import { conditions, table, writeReport } from './bench-report';
import { corpusParagraphs, DEFAULT_CORPUS } from './corpus';

const LIMITS_ABOVE_LOAD = { CHORUS_RATE_LIMIT_IP: '100000', CHORUS_RATE_LIMIT_KEY: '100000' };

/** Resident and peak resident memory of a process, MiB. */
function memory(pid: number): { rssMiB: number; peakMiB: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0);
  return { rssMiB: kb('VmRSS') / 1024, peakMiB: kb('VmHWM') / 1024 };
}

const TICKS_PER_SECOND = 100;

/** CPU seconds used so far by every process, grouped: the API, PostgreSQL, Kafka, this load generator, the rest. */
function cpuByRole(apiPid: number): Record<string, number> {
  const out: Record<string, number> = { api: 0, postgres: 0, kafka: 0, 'load generator': 0, other: 0 };
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    let cmdline: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
    } catch {
      continue; // gone
    }
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const seconds = (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
    const pid = Number(entry);
    const role =
      pid === apiPid
        ? 'api'
        : pid === process.pid
          ? 'load generator'
          : /postgres/.test(stat)
            ? 'postgres'
            : /kafka/i.test(cmdline)
              ? 'kafka'
              : 'other';
    out[role] = (out[role] ?? 0) + seconds;
  }
  return out;
}

interface SteadyResult {
  offeredRate: number;
  seconds: number;
  requests: number;
  accepted: number;
  other: number;
  achievedRate: number;
  latencyMs: { p50: number; p90: number; p99: number; max: number };
}

/** A fixed rate of small-document POSTs; the job ids come back for the clean-up. */
async function steady(
  api: RunningApi,
  body: string,
  rate: number,
  seconds: number,
  connections: number,
  ids: string[],
) {
  const result = await autocannon({
    url: api.url,
    connections,
    overallRate: rate,
    duration: seconds,
    requests: [
      {
        method: 'POST',
        path: '/v1/jobs',
        headers: { authorization: `Bearer ${api.key}`, 'content-type': 'application/json' },
        body,
        onResponse: (status: number, resBody: string) => {
          if (status === 202) ids.push((JSON.parse(resBody) as { id: string }).id);
        },
      },
    ],
  });
  const accepted = result['2xx'];
  const out: SteadyResult = {
    offeredRate: rate,
    seconds,
    requests: result.requests.total,
    accepted,
    other: result.non2xx + result.errors + result.timeouts,
    achievedRate: result.requests.total / seconds,
    latencyMs: {
      p50: result.latency.p50,
      p90: result.latency.p90,
      p99: result.latency.p99,
      max: result.latency.max,
    },
  };
  return out;
}

async function cancelAll(api: RunningApi, ids: string[]): Promise<void> {
  const queue = [...ids];
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      for (let id = queue.pop(); id; id = queue.pop())
        await api.fetch(`/v1/jobs/${id}`, { method: 'DELETE' });
    }),
  );
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      rate: { type: 'string', default: '200' },
      seconds: { type: 'string', default: '30' },
      connections: { type: 'string', default: '20' },
      'big-chars': { type: 'string', default: '1000000' },
      'big-runs': { type: 'string', default: '3' },
    },
  });
  const cond = conditions();
  const paragraphs = corpusParagraphs(positionals[0] ?? DEFAULT_CORPUS);
  const small = JSON.stringify({ text: paragraphs.slice(6, 8).join('\n\n').slice(0, 600), title: 'small' });
  let bigText = '';
  for (let i = 6; bigText.length < Number(values['big-chars']); i = i + 1 < paragraphs.length ? i + 1 : 6)
    bigText += `${paragraphs[i]}\n\n`;
  bigText = bigText.slice(0, Number(values['big-chars']));

  const ids: string[] = [];
  // Steady small documents.
  let api = await startApi(3142, LIMITS_ABOVE_LOAD);
  let steadyResult: SteadyResult;
  let cpu: Record<string, number> | undefined;
  try {
    const rate = Number(values.rate);
    await steady(api, small, rate, 5, Number(values.connections), ids); // warm-up
    const cpuBefore = cpuByRole(api.process.pid);
    steadyResult = await steady(api, small, rate, Number(values.seconds), Number(values.connections), ids);
    const cpuAfter = cpuByRole(api.process.pid);
    cpu = Object.fromEntries(
      Object.keys(cpuAfter).map((k) => [k, (cpuAfter[k]! - (cpuBefore[k] ?? 0)) / Number(values.seconds)]),
    );
    console.log(
      `  CPU cores busy on average: ${Object.entries(cpu)
        .map(([k, v]) => `${k} ${v.toFixed(2)}`)
        .join(', ')} (the machine has ${cond.cores})`,
    );
    const l = steadyResult.latencyMs;
    console.log(
      `POST /v1/jobs, ${Buffer.byteLength(small)}-byte JSON documents at ${rate}/s for ${values.seconds} s over ${values.connections} connections:\n` +
        `  ${steadyResult.requests} requests (${steadyResult.achievedRate.toFixed(1)}/s), ${steadyResult.accepted} accepted, ${steadyResult.other} other\n` +
        `  latency p50 ${l.p50} ms, p90 ${l.p90} ms, p99 ${l.p99} ms, max ${l.max} ms (target p99 ≤ 25 ms)`,
    );
  } finally {
    await cancelAll(api, ids.splice(0));
    await api.process.stop();
  }

  // The million-character document, on a fresh API process (its peak memory is this alone).
  api = await startApi(3142, LIMITS_ABOVE_LOAD);
  const big: { ms: number; segments: number }[] = [];
  const body = JSON.stringify({ text: bigText, title: 'a million characters' });
  const before = memory(api.process.pid);
  try {
    for (let i = 0; i < Number(values['big-runs']); i++) {
      const started = performance.now();
      const res = await api.fetch('/v1/jobs', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      });
      const ms = performance.now() - started;
      if (res.status !== 202)
        throw new Error(`POST of ${bigText.length} characters: ${res.status} ${await res.text()}`);
      const job = (await res.json()) as { id: string; progress: { segmentsTotal: number } };
      ids.push(job.id);
      big.push({ ms, segments: job.progress.segmentsTotal });
      console.log(
        `${bigText.length} characters accepted in ${ms.toFixed(0)} ms (${job.progress.segmentsTotal} segments)`,
      );
    }
  } finally {
    await cancelAll(api, ids.splice(0));
  }
  await sleep(5000);
  const after = memory(api.process.pid);
  await api.process.stop();
  const bigResult = {
    chars: bigText.length,
    bodyBytes: Buffer.byteLength(body),
    runs: big,
    rssBeforeMiB: before.rssMiB,
    peakMiB: after.peakMiB,
    rssAfterMiB: after.rssMiB,
  };
  console.log(
    `\n${table(
      ['measure', 'result', 'target'],
      [
        [
          'POST p50 / p99 at the offered rate',
          `${steadyResult.latencyMs.p50} / ${steadyResult.latencyMs.p99} ms`,
          'p99 ≤ 25 ms',
        ],
        [
          'requests answered / offered per s',
          `${steadyResult.achievedRate.toFixed(1)} / ${steadyResult.offeredRate}`,
          '',
        ],
        [
          `${bigText.length} characters accepted (first / slowest)`,
          `${big[0]!.ms.toFixed(0)} / ${Math.max(...big.map((b) => b.ms)).toFixed(0)} ms`,
          '≤ 3000 ms',
        ],
        [
          'API memory: before / peak / after (MiB)',
          `${before.rssMiB.toFixed(0)} / ${after.peakMiB.toFixed(0)} / ${after.rssMiB.toFixed(0)}`,
          '',
        ],
      ],
    )}`,
  );
  const file = writeReport('control-plane', cond, {
    steady: { ...steadyResult, cpuCoresByRole: cpu ?? {} },
    bigDocument: bigResult,
  });
  console.log(`\nwrote ${file}`);
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
