// CPU accounting for idle-cost measurements.
// process.cpuUsage() is getrusage(RUSAGE_SELF): every thread of the process, worker threads
// included (child processes are not). checkCpuUsageCountsWorkers() proves that on this machine
// by burning CPU in a worker while the main thread sleeps; process.threadCpuUsage() (main
// thread only) is recorded beside it, so "process − main thread" is what the workers used.
import { readdirSync, readFileSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { setTimeout as sleep } from 'node:timers/promises';

const cpuMs = (usage: NodeJS.CpuUsage): number => (usage.user + usage.system) / 1000;

export interface CpuWindow {
  readonly wallMs: number;
  /** the service's process (all threads, the PC/SC watcher's included) + module processes + pcscd + other children */
  readonly processCpuMs: number;
  /** percent of one core: the service's process alone, its module processes, pcscd, other children (virtual cards) */
  readonly split: {
    readonly service: number;
    readonly modules: number;
    readonly pcscd: number;
    readonly others: number;
  };
  /** the main JS thread alone */
  readonly mainThreadCpuMs: number;
  /** processCpuMs / wallMs × 100: percent of one core */
  readonly percentOfCore: number;
  readonly mainThreadPercentOfCore: number;
  /** percent of one core in each slice, to show the spread inside the window */
  readonly slicePercents: readonly number[];
}

/** CPU (ms) of the processes beside the service, by kind (see helperProcessesCpuMs). */
export interface HelperCpu {
  /** the card service's module processes (our children running the module-process entry) */
  readonly modules: number;
  /** pcscd: what OpenSC and the PC/SC watcher ask of it is part of their cost */
  readonly pcscd: number;
  /** our other children (the virtual PIV cards: the harness, not the app) */
  readonly others: number;
}

/**
 * CPU (ms) of the card service's module processes (our direct children), of pcscd and of our other
 * children, from /proc: since the modules run in child processes, process.cpuUsage() does not see
 * their work. Linux only (0 elsewhere).
 */
export function helperProcessesCpuMs(): HelperCpu {
  const total = { modules: 0, pcscd: 0, others: 0 };
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((p) => /^\d+$/.test(p));
  } catch {
    return total;
  }
  const tick = 1000 / 100; // USER_HZ is 100 on Linux
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const close = stat.lastIndexOf(')');
      const comm = stat.slice(stat.indexOf('(') + 1, close);
      const fields = stat.slice(close + 2).split(' ');
      const ppid = Number(fields[1]);
      const ms = (Number(fields[11]) + Number(fields[12])) * tick; // utime + stime
      if (comm === 'pcscd') total.pcscd += ms;
      else if (ppid === process.pid) {
        const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
        if (/module-process/.test(cmdline)) total.modules += ms;
        else total.others += ms;
      }
    } catch {
      /* gone meanwhile */
    }
  }
  return total;
}

/** Measures CPU over `windowMs` (whole slices of ~sliceMs) while the caller does nothing; wakes once per slice to sample. */
export async function measureIdleCpu(windowMs: number, sliceMs = 1_000): Promise<CpuWindow> {
  const slices: number[] = [];
  const wall0 = performance.now();
  const process0 = process.cpuUsage();
  const thread0 = process.threadCpuUsage();
  const helpers0 = helperProcessesCpuMs();
  let sliceWall = wall0;
  let sliceCpu = process0;
  const sliceCount = Math.max(1, Math.round(windowMs / sliceMs));
  for (let i = 0; i < sliceCount; i++) {
    await sleep(windowMs / sliceCount);
    const now = performance.now();
    const usage = process.cpuUsage();
    slices.push((cpuMs(process.cpuUsage(sliceCpu)) / (now - sliceWall)) * 100);
    sliceWall = now;
    sliceCpu = usage;
  }
  const wallMs = performance.now() - wall0;
  const helpers1 = helperProcessesCpuMs();
  const serviceCpuMs = cpuMs(process.cpuUsage(process0));
  const percent = (ms: number): number => (ms / wallMs) * 100;
  const split = {
    service: percent(serviceCpuMs),
    modules: percent(helpers1.modules - helpers0.modules),
    pcscd: percent(helpers1.pcscd - helpers0.pcscd),
    others: percent(helpers1.others - helpers0.others),
  };
  const processCpuMs =
    serviceCpuMs +
    (helpers1.modules - helpers0.modules) +
    (helpers1.pcscd - helpers0.pcscd) +
    (helpers1.others - helpers0.others);
  const mainThreadCpuMs = cpuMs(process.threadCpuUsage(thread0));
  return {
    wallMs,
    processCpuMs,
    split,
    mainThreadCpuMs,
    percentOfCore: (processCpuMs / wallMs) * 100,
    mainThreadPercentOfCore: (mainThreadCpuMs / wallMs) * 100,
    slicePercents: slices,
  };
}

export interface CpuUsageCheck {
  readonly workerBusyMs: number;
  readonly processCpuMs: number;
  readonly mainThreadCpuMs: number;
  /** true when process.cpuUsage() saw at least 90 % of the worker's busy time */
  readonly includesWorkerThreads: boolean;
}

/** Spins a worker thread for `busyMs` of wall time while the main thread waits. */
export async function checkCpuUsageCountsWorkers(busyMs = 300): Promise<CpuUsageCheck> {
  const process0 = process.cpuUsage();
  const thread0 = process.threadCpuUsage();
  const worker = new Worker(
    `const { workerData, parentPort } = require('node:worker_threads');
     const t0 = performance.now(); let x = 0;
     while (performance.now() - t0 < workerData) x += Math.sqrt(x + 1);
     parentPort.postMessage(performance.now() - t0);`,
    { eval: true, workerData: busyMs },
  );
  const spun = await new Promise<number>((resolve, reject) => {
    worker.once('message', (ms: number) => resolve(ms));
    worker.once('error', reject);
  });
  await worker.terminate();
  await sleep(20);
  const processCpuMs = cpuMs(process.cpuUsage(process0));
  const mainThreadCpuMs = cpuMs(process.threadCpuUsage(thread0));
  return {
    workerBusyMs: spun,
    processCpuMs,
    mainThreadCpuMs,
    includesWorkerThreads: processCpuMs - mainThreadCpuMs >= 0.9 * spun,
  };
}
