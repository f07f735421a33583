import { describe, expect, it } from "vitest";
import { formatRelativeTime } from "./relative-time";

const now = Date.UTC(2025, 5, 15, 12, 0, 0);
const ago = (ms: number) => formatRelativeTime(now - ms, now);

describe("formatRelativeTime", () => {
  it("says just now for the first few seconds", () => {
    expect(ago(0)).toBe("just now");
    expect(ago(4_999)).toBe("just now");
  });

  it("says just now for a timestamp ahead of the browser's clock", () => {
    expect(formatRelativeTime(now + 3_000, now)).toBe("just now");
  });

  it("counts whole seconds under a minute", () => {
    expect(ago(5_000)).toBe("5 s ago");
    expect(ago(12_400)).toBe("12 s ago");
    expect(ago(59_999)).toBe("59 s ago");
  });

  it("counts whole minutes under an hour", () => {
    expect(ago(60_000)).toBe("1 min ago");
    expect(ago(3 * 60_000 + 59_000)).toBe("3 min ago");
  });

  it("counts hours, then days", () => {
    expect(ago(2 * 3_600_000)).toBe("2 h ago");
    expect(ago(26 * 3_600_000)).toBe("1 d ago");
    expect(ago(29 * 86_400_000)).toBe("29 d ago");
  });

  it("gives the date beyond thirty days", () => {
    expect(ago(45 * 86_400_000)).toBe("on 2025-05-01");
  });
});
