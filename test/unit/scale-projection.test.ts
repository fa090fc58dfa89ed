import { describe, expect, it } from "vitest";
import { projectScale, type ScaleFigures } from "../../bench/scale-projection.js";

const base: ScaleFigures = {
  pages: 1_000_000,
  pagesPerSite: 20,
  pagesPerMinutePerMachine: 50,
  cpuSecondsPerPage: 2,
  coresPerMachine: 2,
  hours: 24,
  bytesPerQueuedJob: 1000,
  bytesPerFinishedJob: 1500,
  commandsPerJob: 40,
};

describe("projectScale", () => {
  it("machine-hours, machines within the budget, and Redis at that size", () => {
    const p = projectScale(base);
    expect(p.jobs).toBe(50_000);
    // 1e6 pages / 50 per min = 20,000 min = 333.3 h of one machine; in 24 h: 14 machines.
    expect(p.machineHours).toBeCloseTo(333.333, 2);
    expect(p.machines).toBe(14);
    // 2e6 CPU-s = 555.6 core-hours; 2 cores × 24 h = 48 per machine: 12 machines.
    expect(p.coreHours).toBeCloseTo(555.556, 2);
    expect(p.machinesByCpu).toBe(12);
    expect(p.redisBytesAllQueued).toBe(50_000_000);
    expect(p.redisBytesAllFinished).toBe(75_000_000);
    // 50,000 × 40 commands over 86,400 s.
    expect(p.redisCommandsPerSecond).toBeCloseTo(23.148, 2);
  });

  it("one-page sites make one job per page; a partial last site is still a job", () => {
    expect(projectScale({ ...base, pagesPerSite: 1 }).jobs).toBe(1_000_000);
    expect(projectScale({ ...base, pages: 1001, pagesPerSite: 20 }).jobs).toBe(51);
  });

  it("a budget longer than one machine needs is one machine", () => {
    expect(projectScale({ ...base, hours: 1000 }).machines).toBe(1);
  });

  it("refuses figures that are not positive numbers", () => {
    expect(() => projectScale({ ...base, pagesPerMinutePerMachine: 0 })).toThrow(
      /pagesPerMinutePerMachine/,
    );
    expect(() => projectScale({ ...base, hours: Number.NaN })).toThrow(/hours/);
  });
});
