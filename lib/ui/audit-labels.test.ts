import { describe, expect, it } from "vitest";
import { AUDIT_ACTIONS } from "@/lib/protocol/constants";
import { AUDIT_FILTERS, auditActionTone, auditDetailPairs, parseAuditFilter } from "./audit-labels";

describe("audit labels", () => {
  it("accepts only the known action prefixes", () => {
    expect(parseAuditFilter("token")).toBe("token");
    expect(parseAuditFilter(["bulk", "x"])).toBe("bulk");
    expect(parseAuditFilter("tok")).toBe("");
    expect(parseAuditFilter(undefined)).toBe("");
  });

  it("shows a JSON detail as pairs, and anything else as it is", () => {
    expect(auditDetailPairs('{"commandId":"abc","hosts":3}')).toEqual([["commandId", "abc"], ["hosts", "3"]]);
    expect(auditDetailPairs("")).toEqual([]);
    expect(auditDetailPairs("not json")).toEqual([["detail", "not json"]]);
  });

  it("makes failures and revocations stand out", () => {
    expect(auditActionTone("login.failure")).toBe("danger");
    expect(auditActionTone("token.revoke")).toBe("danger");
    expect(auditActionTone("token.issue")).toBe("warning");
    expect(auditActionTone("command.switch")).toBe("info");
    expect(auditActionTone("login.success")).toBe("muted");
    expect(auditActionTone("host.remove")).toBe("danger");
    expect(auditActionTone("rollout.abort")).toBe("danger");
    expect(auditActionTone("unknown.action")).toBe("muted");
  });

  it("offers a filter for every kind of action the audit log records", () => {
    const kinds = new Set(AUDIT_ACTIONS.map((action) => action.split(".")[0]));
    expect(AUDIT_FILTERS.map((filter) => filter.prefix)).toEqual(["", ...kinds]);
  });
});
