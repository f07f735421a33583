import { describe, expect, it } from "vitest";
import { apiTokenSnippet } from "./api-token-snippet";

describe("apiTokenSnippet", () => {
  it("gives a scrape job for a metrics token, with the dashboard's scheme and host and the token from a file", () => {
    const snippet = apiTokenSnippet(["metrics"], "https://fleet.example.org");
    expect(snippet).toContain(`scheme = "https";`);
    expect(snippet).toContain(`targets = [ "fleet.example.org" ]`);
    expect(snippet).toContain("authorization.credentials_file");
    expect(snippet).not.toContain("curl");
  });

  it("gives one example per scope", () => {
    const snippet = apiTokenSnippet(["metrics", "rollouts"], "http://127.0.0.1:8000");
    expect(snippet).toContain("job_name");
    expect(snippet).toContain("curl --fail-with-body -X POST http://127.0.0.1:8000/api/rollouts");
  });
});
