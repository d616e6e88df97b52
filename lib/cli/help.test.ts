import { describe, expect, it } from "vitest";
import { flowerEnvName, OPTIONS } from "@/lib/config/flower-options";
import { helpText } from "./help";

describe("bloom --help", () => {
  const text = helpText([{ name: "start", summary: "run Bloom" }]);

  it("lists every option with the variables that set it", () => {
    for (const option of OPTIONS) {
      const heading = `\n  ${option.short ? `${option.short}, ` : ""}--${option.name}${option.metavar ? `=${option.metavar}` : ""}\n`;
      const at = text.indexOf(heading);
      expect(at, option.name).toBeGreaterThan(0);
      const details = text.slice(at + 1).split("\n").slice(0, 3).join("\n");
      if (option.target.kind === "env") expect(details, option.name).toContain(`env ${option.target.env}`);
      if (option.target.kind === "ignored") expect(details, option.name).toContain("accepted, not applicable");
      if (option.flowerEnv) expect(details, option.name).toContain(flowerEnvName(option));
    }
  });

  it("shows defaults and groups", () => {
    expect(text).toMatch(/--port=PORT\n\s+web console port\n\s+\(env BLOOM_PORT, FLOWER_PORT; default 5555\)/);
    expect(text).toMatch(/--max_tasks=N\n.*\n\s+\(env BLOOM_MAX_TASKS, FLOWER_MAX_TASKS; default 0 \(no cap\); Flower's default 100000 \(in memory\)\)/);
    for (const group of ["Web server:", "Broker and workers:", "Sign-in:", "Tasks:", "Logging:", "Bloom's own settings:", "Celery's options", "This command:"]) expect(text).toContain(group);
    expect(text).toContain("  start      run Bloom");
  });
});
