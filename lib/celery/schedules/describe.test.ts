import { describe, expect, it } from "vitest";
import { crontab } from "./crontab";
import { describeSchedule, describeSeconds } from "./describe";

describe("schedule in words", () => {
  it("says intervals in the largest whole unit", () => {
    expect(describeSeconds(10)).toBe("every 10 s");
    expect(describeSeconds(1.5)).toBe("every 1.5 s");
    expect(describeSeconds(90)).toBe("every 90 s");
    expect(describeSeconds(300)).toBe("every 5 min");
    expect(describeSeconds(7200)).toBe("every 2 h");
    expect(describeSeconds(86_400)).toBe("every day");
    expect(describeSeconds(3 * 86_400)).toBe("every 3 days");
  });

  it("says common crontabs the way an operator would", () => {
    const say = (fields: Parameters<typeof crontab>[0]) => describeSchedule(crontab(fields));
    expect(say({})).toBe("every minute");
    expect(say({ minute: "*/5" })).toBe("every 5 min");
    expect(say({ minute: 0, hour: 2 })).toBe("at 02:00 every day");
    expect(say({ minute: 30, hour: 2 })).toBe("at 02:30 every day");
    expect(say({ minute: 15 })).toBe("at minute 15 of every hour");
    expect(say({ minute: 0, hour: "*/3" })).toBe("every 3 h at :00");
    expect(say({ minute: "0,30", hour: "8,20" })).toBe("at 08:00, 08:30, 20:00, 20:30 every day");
    expect(say({ minute: 0, hour: 9, dayOfWeek: "mon-fri" })).toBe("at 09:00 on weekdays");
    expect(say({ minute: 0, hour: 9, dayOfWeek: "sat,sun" })).toBe("at 09:00 on Sunday, Saturday");
    expect(say({ minute: 0, hour: 0, dayOfMonth: 1 })).toBe("at 00:00 on day 1 of the month");
    expect(say({ minute: 0, hour: 0, dayOfMonth: 1, monthOfYear: "*/3" })).toBe("at 00:00 on day 1 of the month, in January, April, July, October");
    expect(say({ minute: "*/10", dayOfWeek: 0 })).toBe("every 10 min on Sunday");
  });

  it("says solar and clocked schedules", () => {
    expect(describeSchedule({ kind: "solar", event: "sunrise", latitude: 60, longitude: 30 })).toBe("at sunrise (60, 30)");
    expect(describeSchedule({ kind: "clocked", at: Date.UTC(2026, 10, 25, 10, 0) })).toBe("once at 2026-11-25 10:00 UTC");
  });
});
