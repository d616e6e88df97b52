import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { nextSolarRun, type SolarEvent } from "./solar";

type SolarCase = { event: SolarEvent; latitude: number; longitude: number; after: number; next: number; nextIso: string };
const cases = (JSON.parse(readFileSync(new URL("./__fixtures__/schedule-cases.json", import.meta.url), "utf8")) as { solar: SolarCase[] }).solar;

describe("solar schedules agree with Celery + PyEphem (schedule-cases.json)", () => {
  it.each(cases.map((c) => [`${c.event} at ${c.latitude},${c.longitude} after ${new Date(c.after).toISOString()}`, c] as const))("%s", (_label, c) => {
    const at = nextSolarRun({ kind: "solar", event: c.event, latitude: c.latitude, longitude: c.longitude }, c.after);
    expect(at).not.toBeNull();
    // NOAA's equations against PyEphem: within half a minute (measured: 7 s at most)
    expect(Math.abs((at ?? 0) - c.next) / 1000, `Bloom ${new Date(at ?? 0).toISOString()} vs Celery ${c.nextIso}`).toBeLessThan(30);
  });

  it("has no sunrise during polar night", () => {
    expect(nextSolarRun({ kind: "solar", event: "sunrise", latitude: 89, longitude: 0 }, Date.UTC(2024, 11, 21))).toBeGreaterThan(Date.UTC(2025, 1, 1));
  });
});
