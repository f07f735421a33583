import { statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { temporaryDir } from "./test-support/fixtures";
import { HostTokenStore, parseTokenFile, readTokenFile } from "./token";

describe("parseTokenFile", () => {
  it("reads a raw token, ignoring surrounding blank lines", () => {
    expect(parseTokenFile("\n  abc123def  \n\n")).toEqual({ ok: true, token: "abc123def" });
  });

  it("reads a NIXFLEET_TOKEN=… line among others, quoted or exported", () => {
    expect(parseTokenFile("# fleet\nOTHER=1\nNIXFLEET_TOKEN=s3cret\n")).toEqual({ ok: true, token: "s3cret" });
    expect(parseTokenFile('export NIXFLEET_TOKEN="quoted"')).toEqual({ ok: true, token: "quoted" });
    expect(parseTokenFile("NIXFLEET_TOKEN='single'\r\n")).toEqual({ ok: true, token: "single" });
  });

  it("refuses an empty file, an empty assignment, several lines without the variable, spaces and overlong tokens", () => {
    expect(parseTokenFile("")).toEqual({ ok: false, error: "is empty" });
    expect(parseTokenFile("NIXFLEET_TOKEN=")).toEqual({ ok: false, error: "is empty" });
    expect(parseTokenFile("a\nb")).toEqual({ ok: false, error: "has several lines but no NIXFLEET_TOKEN=… line" });
    expect(parseTokenFile("two words")).toMatchObject({ ok: false, error: expect.stringMatching(/spaces/) });
    expect(parseTokenFile("x".repeat(513))).toMatchObject({ ok: false, error: expect.stringMatching(/longer than 512/) });
  });
});

describe("readTokenFile and HostTokenStore", () => {
  let cleanup = () => {};
  afterEach(() => cleanup());

  it("names the file and the problem when the token file is missing or empty", () => {
    const temporary = temporaryDir();
    cleanup = temporary.cleanup;
    const missing = path.join(temporary.dir, "nope");
    expect(readTokenFile(missing)).toEqual({ ok: false, error: `token file ${missing} does not exist` });
    const empty = path.join(temporary.dir, "empty");
    writeFileSync(empty, "\n");
    expect(readTokenFile(empty)).toEqual({ ok: false, error: `token file ${empty} is empty` });
    expect(readTokenFile(temporary.dir)).toMatchObject({ ok: false, error: expect.stringContaining(temporary.dir) });
  });

  it("names a damaged host token file as the problem instead of ignoring it", () => {
    const temporary = temporaryDir();
    cleanup = temporary.cleanup;
    const store = new HostTokenStore(temporary.dir);
    writeFileSync(store.file, Buffer.from([0x6e, 0x66, 0x68, 0x5f, 0x00, 0xff, 0xfe, 0x13, 0x80]));
    expect(store.read()).toEqual({ ok: false, error: `host token file ${store.file} holds bytes no token has (damaged?)` });
    writeFileSync(store.file, "nfh_abc def\n");
    expect(store.read()).toEqual({ ok: false, error: `host token file ${store.file} holds a token with spaces in it` });
    writeFileSync(store.file, "");
    expect(store.read()).toEqual({ ok: false, error: `host token file ${store.file} is empty` });
  });

  it("stores the host token with mode 0600 and forgets it on discard", () => {
    const temporary = temporaryDir();
    cleanup = temporary.cleanup;
    const store = new HostTokenStore(temporary.dir);
    expect(store.read()).toBeNull();
    store.save("host-token-1");
    expect(store.read()).toEqual({ ok: true, token: "host-token-1" });
    expect(statSync(store.file).mode & 0o777).toBe(0o600);
    store.save("host-token-2");
    expect(store.read()).toEqual({ ok: true, token: "host-token-2" });
    store.discard();
    expect(store.read()).toBeNull();
  });
});
