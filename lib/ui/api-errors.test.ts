import { describe, expect, it } from "vitest";
import { readApiError } from "./api-errors";

function response(status: number, body: unknown, headers: Record<string, string> = {}) {
  return {
    status,
    headers: new Headers(headers),
    json: async () => (typeof body === "string" ? JSON.parse(body) : body),
  };
}

describe("readApiError", () => {
  it("shows the server's error text", async () => {
    expect(await readApiError(response(409, { error: "nas is online: stop its agent first" }))).toBe(
      "nas is online: stop its agent first",
    );
  });

  it("falls back to the status when the body is not an error", async () => {
    expect(await readApiError(response(500, "<html>"))).toBe("The dashboard answered HTTP 500.");
  });

  it("says how long to wait after a 429", async () => {
    expect(await readApiError(response(429, { error: "too many token changes" }, { "retry-after": "30" }))).toBe(
      "too many token changes. Try again in 30 s.",
    );
    expect(await readApiError(response(429, { error: "too many attempts: try again in 12 s" }))).toBe(
      "too many attempts: try again in 12 s.",
    );
  });
});
