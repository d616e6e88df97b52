import { describe, expect, it } from "vitest";
import { csvCell, csvRow } from "./csv";

describe("csv", () => {
  it("quotes separators, quotes and line breaks", () => {
    expect(csvRow(["a", 'say "hi"', "x,y", "l1\nl2", null, 1.5])).toBe('a,"say ""hi""","x,y","l1\nl2",,1.5\r\n');
  });

  it("defuses cells a spreadsheet would run as formulas, but not numbers", () => {
    expect(csvCell("=HYPERLINK(\"http://x\")")).toBe("\"'=HYPERLINK(\"\"http://x\"\")\"");
    expect(csvCell("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(csvCell("+1 555")).toBe("'+1 555");
    expect(csvCell("-1.5")).toBe("-1.5");
    expect(csvCell(-2)).toBe("-2");
    expect(csvCell("<script>alert(1)</script>")).toBe("<script>alert(1)</script>");
  });
});
