import { describe, expect, it } from "vitest";
import { refusalHint } from "./role-labels";

describe("refusal hints", () => {
  it("says why a role falls short, as a sentence, and nothing when it does not", () => {
    expect(refusalHint("viewer", "operator", "run commands")).toBe("Viewers cannot run commands");
    expect(refusalHint("operator", "admin", "manage users")).toBe("Operators cannot manage users");
    expect(refusalHint("operator", "operator", "run commands")).toBeNull();
    expect(refusalHint("admin", "operator", "run commands")).toBeNull();
  });
});
