import type { IncomingMessage } from "node:http";
import { describe, expect, it } from "vitest";
import { checkBodySize } from "./body-limit";

const request = (headers: Record<string, string>) => ({ headers }) as unknown as IncomingMessage;

describe("checkBodySize", () => {
  it("refuses a declared body over the limit, and one of unknown length (issue 12, weak spot 7)", () => {
    expect(checkBodySize(request({ "content-length": String(900 * 1024 * 1024) }))).toMatchObject({ ok: false, status: 413 });
    expect(checkBodySize(request({ "transfer-encoding": "chunked" }))).toMatchObject({ ok: false, status: 411 });
    expect(checkBodySize(request({ "content-length": "nonsense" }))).toMatchObject({ ok: false, status: 413 });
  });

  it("lets small bodies and bodiless requests through", () => {
    expect(checkBodySize(request({ "content-length": "200" }))).toEqual({ ok: true });
    expect(checkBodySize(request({}))).toEqual({ ok: true });
  });
});
