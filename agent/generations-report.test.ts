import { describe, expect, it } from "vitest";
import type { Generation } from "../lib/protocol/index";
import { GenerationsReport } from "./generations-report";

const generation = (number: number, current: boolean): Generation => ({
  number, createdAt: 1_733_300_000 + number, storePath: `/nix/store/${String(number).repeat(32)}-nixos-system-web-1`, current,
});

describe("GenerationsReport", () => {
  it("offers the generations with a registration, then only when they changed since the dashboard took them", () => {
    let profile = [generation(1, true)];
    const report = new GenerationsReport(() => profile);
    expect(report.changed()).toEqual(profile);
    expect(report.forRegistration()).toEqual([generation(1, true)]);
    report.registered();
    expect(report.changed()).toBeNull();

    profile = [generation(2, true), generation(1, false)];
    expect(report.changed()).toEqual(profile);
    // Not taken (the dashboard did not answer): offered again.
    expect(report.changed()).toEqual(profile);
    report.taken(profile);
    expect(report.changed()).toBeNull();
  });
});
