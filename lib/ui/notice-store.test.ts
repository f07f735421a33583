import { describe, expect, it, vi } from "vitest";
import { NoticeStore } from "./notice-store";

describe("NoticeStore", () => {
  it("keeps the newest notices and dismisses one by id", () => {
    const store = new NoticeStore(2);
    const listener = vi.fn();
    store.subscribe(listener);
    store.push("info", "one");
    const two = store.push("error", "two");
    store.push("info", "three");
    expect(store.getNotices().map((n) => n.text)).toEqual(["two", "three"]);
    store.dismiss(two);
    expect(store.getNotices().map((n) => n.text)).toEqual(["three"]);
    store.dismiss(two);
    expect(listener).toHaveBeenCalledTimes(4);
  });
});
