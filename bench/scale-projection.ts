// On paper, from measured figures: the machines and hours a crawl of N pages needs, and what the
// Redis instance holding its queue needs (jobs, memory, commands per second). Pure arithmetic,
// so the README's projection can be recomputed from any run's figures.

export interface ScaleFigures {
  /** Pages to load in all, e.g. 1,000,000. */
  pages: number;
  /** Pages one site's job loads (its --max-pages, as actually crawled). */
  pagesPerSite: number;
  /** Measured throughput of one machine, pages per minute. */
  pagesPerMinutePerMachine: number;
  /** Measured CPU seconds per page (skimscan + Chromium). */
  cpuSecondsPerPage: number;
  /** Cores of the measured machine. */
  coresPerMachine: number;
  /** Wall-clock budget for the whole crawl, hours. */
  hours: number;
  /** Redis used_memory per job waiting in the queue, bytes. */
  bytesPerQueuedJob: number;
  /** Redis used_memory per finished job kept (removeOnComplete: false), bytes. */
  bytesPerFinishedJob: number;
  /** Redis commands per job, all workers' polling included. */
  commandsPerJob: number;
}

export interface ScaleProjection {
  jobs: number;
  /** One machine's hours for all pages. */
  machineHours: number;
  /** Machines to finish within `hours` (whole machines). */
  machines: number;
  /** Core-hours of CPU by the CPU-s/page figure (a floor: no idle, no waiting). */
  coreHours: number;
  /** Machines by CPU alone within `hours`, fully busy cores (whole machines). */
  machinesByCpu: number;
  /** Redis memory when every job is queued at once, bytes. */
  redisBytesAllQueued: number;
  /** Redis memory once every job is finished and kept, bytes. */
  redisBytesAllFinished: number;
  /** Average Redis commands per second over the crawl. */
  redisCommandsPerSecond: number;
}

function positive(name: string, v: number): void {
  if (!Number.isFinite(v) || v <= 0) throw new RangeError(`${name} must be a positive number`);
}

export function projectScale(f: ScaleFigures): ScaleProjection {
  for (const k of [
    "pages",
    "pagesPerSite",
    "pagesPerMinutePerMachine",
    "cpuSecondsPerPage",
    "coresPerMachine",
    "hours",
  ] as const)
    positive(k, f[k]);
  const jobs = Math.ceil(f.pages / f.pagesPerSite);
  const machineHours = f.pages / f.pagesPerMinutePerMachine / 60;
  const coreHours = (f.pages * f.cpuSecondsPerPage) / 3600;
  return {
    jobs,
    machineHours,
    machines: Math.ceil(machineHours / f.hours),
    coreHours,
    machinesByCpu: Math.ceil(coreHours / f.coresPerMachine / f.hours),
    redisBytesAllQueued: jobs * f.bytesPerQueuedJob,
    redisBytesAllFinished: jobs * f.bytesPerFinishedJob,
    redisCommandsPerSecond: (jobs * f.commandsPerJob) / (f.hours * 3600),
  };
}
