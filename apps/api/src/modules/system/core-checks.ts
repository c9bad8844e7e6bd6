import { statfs } from 'node:fs/promises';
import { cpus, freemem, loadavg, totalmem } from 'node:os';
import { getHeapStatistics } from 'node:v8';
import type { SystemCheck, SystemCheckResult } from '../../common/health/system-checks';
import type { SystemSnapshot } from './system-snapshot.service';
import { SNAPSHOT_INTERVAL_MS, workersAlive } from './system-snapshot.service';

// The checks of what every installation has. Thresholds are where an operator should look (warn) and where
// something is broken or about to be (fail); the reason says which number crossed which line.

const MB = 1024 * 1024;
const minutes = (seconds: number) => (seconds < 120 ? `${Math.round(seconds)} s` : seconds < 7200 ? `${Math.round(seconds / 60)} min` : `${Math.round(seconds / 3600)} h`);
const percent = (ratio: number) => `${Math.round(ratio * 100)}%`;

export interface PoolStats {
  totalCount: number;
  idleCount: number;
  waitingCount: number;
}

export function databaseCheck(roundTrip: () => Promise<void>, pool: () => PoolStats, snapshot: () => Promise<SystemSnapshot | undefined>): SystemCheck {
  return {
    name: 'database',
    async run(): Promise<SystemCheckResult> {
      const started = performance.now();
      await roundTrip();
      const ms = Math.round((performance.now() - started) * 10) / 10;
      const { totalCount, idleCount, waitingCount } = pool();
      const details = { roundTripMs: ms, poolTotal: totalCount, poolIdle: idleCount, poolWaiting: waitingCount, sizeBytes: (await snapshot())?.databaseSizeBytes ?? null };
      if (ms >= 1000) return { status: 'fail', reason: `a query round trip took ${ms} ms`, details };
      if (waitingCount > 0) return { status: 'warn', reason: `${waitingCount} queries are waiting for a free connection`, details };
      if (ms >= 100) return { status: 'warn', reason: `a query round trip took ${ms} ms`, details };
      return { status: 'ok', reason: `round trip ${ms} ms, ${totalCount - idleCount} of ${totalCount} connections busy`, details };
    },
  };
}

export function redisCheck(ping: () => Promise<unknown>): SystemCheck {
  return {
    name: 'redis',
    async run(): Promise<SystemCheckResult> {
      const started = performance.now();
      try {
        await ping();
      } catch {
        return { status: 'fail', reason: 'Redis does not answer: rate limits are counted per process meanwhile', details: {} };
      }
      const ms = Math.round((performance.now() - started) * 10) / 10;
      return { status: ms >= 100 ? 'warn' : 'ok', reason: `PING answered in ${ms} ms`, details: { roundTripMs: ms } };
    },
  };
}

// A queue's oldest runnable job older than this fails (the alert rule uses the same line).
export const QUEUE_AGE_FAIL_SECONDS = 10 * 60;
const QUEUE_AGE_WARN_SECONDS = 2 * 60;

export function queuesCheck(snapshot: () => Promise<SystemSnapshot | undefined>): SystemCheck {
  return {
    name: 'queues',
    async run(): Promise<SystemCheckResult> {
      const s = await snapshot();
      if (!s) return { status: 'fail', reason: 'the job queues could not be read', details: {} };
      const live = s.queues.filter((q) => !q.queue.endsWith('.dead'));
      const dead = s.queues.filter((q) => q.queue.endsWith('.dead')).reduce((n, q) => n + q.queued, 0);
      const queued = live.reduce((n, q) => n + q.queued, 0);
      const oldest = live.reduce((worst, q) => (q.oldestQueuedSeconds > worst.oldestQueuedSeconds ? q : worst), { queue: '', oldestQueuedSeconds: 0 });
      const details = { queued, active: live.reduce((n, q) => n + q.active, 0), deadLettered: dead, oldestQueuedSeconds: oldest.oldestQueuedSeconds, snapshotAgeSeconds: Math.round((Date.now() - s.takenAt.getTime()) / 1000) };
      if (oldest.oldestQueuedSeconds >= QUEUE_AGE_FAIL_SECONDS) return { status: 'fail', reason: `${queued} jobs waiting; the oldest (${oldest.queue}) for ${minutes(oldest.oldestQueuedSeconds)}`, details };
      if (oldest.oldestQueuedSeconds >= QUEUE_AGE_WARN_SECONDS) return { status: 'warn', reason: `${queued} jobs waiting; the oldest (${oldest.queue}) for ${minutes(oldest.oldestQueuedSeconds)}`, details };
      if (dead > 0) return { status: 'warn', reason: `${dead} jobs gave up and wait in dead-letter queues`, details };
      if (Date.now() - s.takenAt.getTime() > 3 * SNAPSHOT_INTERVAL_MS) return { status: 'warn', reason: `queue figures are ${minutes((Date.now() - s.takenAt.getTime()) / 1000)} old: the database did not answer since`, details };
      return { status: 'ok', reason: queued === 0 ? 'no job waiting' : `${queued} jobs waiting; the oldest for ${minutes(oldest.oldestQueuedSeconds)}`, details };
    },
  };
}

export function workersCheck(snapshot: () => Promise<SystemSnapshot | undefined>, workersHere: boolean): SystemCheck {
  return {
    name: 'workers',
    async run(): Promise<SystemCheckResult> {
      const s = await snapshot();
      const lastSeen = s?.workersLastSeenSeconds ?? null;
      const details = { workersInThisProcess: workersHere, lastMaintenanceSecondsAgo: lastSeen === null ? null : Math.round(lastSeen) };
      if (workersAlive(lastSeen) || workersHere) return { status: 'ok', reason: workersHere ? 'this process runs job workers' : `a worker did its maintenance ${minutes(lastSeen!)} ago`, details };
      return { status: 'fail', reason: lastSeen === null ? 'no job worker has ever run: start one (WORKERS=on or only)' : `no job worker seen for ${minutes(lastSeen)}: background jobs are not running`, details };
    },
  };
}

export function connectionsCheck(snapshot: () => Promise<SystemSnapshot | undefined>): SystemCheck {
  return {
    name: 'connections',
    async run(): Promise<SystemCheckResult> {
      const s = await snapshot();
      if (!s) return { status: 'fail', reason: 'the integration connections could not be read', details: {} };
      const count = s.connectionsNeedingAttention;
      const since = s.needsAttentionSince;
      const details = { needingAttention: count, oldestSince: since?.toISOString() ?? null };
      if (count === 0) return { status: 'ok', reason: 'no integration connection needs attention', details };
      return { status: 'warn', reason: `${count} integration connection${count === 1 ? ' needs' : 's need'} attention${since ? `, the first for ${minutes((Date.now() - since.getTime()) / 1000)}` : ''}`, details };
    },
  };
}

export function diskCheck(dataDir: string, snapshot: () => Promise<SystemSnapshot | undefined>): SystemCheck {
  return {
    name: 'disk',
    async run(): Promise<SystemCheckResult> {
      const fs = await statfs(dataDir);
      const total = fs.blocks * fs.bsize;
      const free = fs.bavail * fs.bsize;
      const ratio = total > 0 ? free / total : 1;
      const details = { dataDir, freeBytes: free, totalBytes: total, databaseSizeBytes: (await snapshot())?.databaseSizeBytes ?? null };
      const reason = `${Math.round(free / MB)} MB free under DATA_DIR (${percent(ratio)})`;
      return { status: ratio < 0.05 ? 'fail' : ratio < 0.1 ? 'warn' : 'ok', reason, details };
    },
  };
}

export function memoryCheck(): SystemCheck {
  return {
    name: 'memory',
    async run(): Promise<SystemCheckResult> {
      const usage = process.memoryUsage();
      const heapLimit = getHeapStatistics().heap_size_limit;
      const heapRatio = usage.heapUsed / heapLimit;
      const hostFree = freemem() / totalmem();
      const details = { rssBytes: usage.rss, heapUsedBytes: usage.heapUsed, heapLimitBytes: heapLimit, hostFreeBytes: freemem(), hostTotalBytes: totalmem() };
      const reason = `process ${Math.round(usage.rss / MB)} MB (heap ${percent(heapRatio)} of its limit), host ${percent(hostFree)} free`;
      if (heapRatio > 0.9 || hostFree < 0.03) return { status: 'fail', reason, details };
      if (heapRatio > 0.75 || hostFree < 0.1) return { status: 'warn', reason, details };
      return { status: 'ok', reason, details };
    },
  };
}

// Process CPU is measured between two calls (the first call compares with the process start).
export function cpuCheck(): SystemCheck {
  let last = { at: performance.now(), usage: process.cpuUsage() };
  const cores = Math.max(1, cpus().length);
  return {
    name: 'cpu',
    async run(): Promise<SystemCheckResult> {
      const now = { at: performance.now(), usage: process.cpuUsage() };
      const elapsedMs = Math.max(1, now.at - last.at);
      const usedMs = (now.usage.user - last.usage.user + now.usage.system - last.usage.system) / 1000;
      last = now;
      const processRatio = usedMs / elapsedMs;
      const load = loadavg()[0] / cores;
      const details = { processCpuRatio: Math.round(processRatio * 1000) / 1000, hostLoadPerCore: Math.round(load * 100) / 100, cores };
      const reason = `process ${percent(processRatio)} of a core, host load ${details.hostLoadPerCore} per core`;
      if (load > 4) return { status: 'fail', reason, details };
      if (load > 1.5 || processRatio > 0.9) return { status: 'warn', reason, details };
      return { status: 'ok', reason, details };
    },
  };
}
