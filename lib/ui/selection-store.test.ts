import { describe, expect, it, vi } from "vitest";
import { SelectionStore, visibleSelectionState } from "./selection-store";

describe("SelectionStore", () => {
  it("toggles one host and wakes only its row and the bar", () => {
    const store = new SelectionStore();
    const onA = vi.fn();
    const onB = vi.fn();
    const onAny = vi.fn();
    store.subscribeName("a", onA);
    store.subscribeName("b", onB);
    store.subscribe(onAny);
    store.toggle("a");
    expect(store.isSelected("a")).toBe(true);
    expect(store.getCount()).toBe(1);
    expect(onA).toHaveBeenCalledTimes(1);
    expect(onB).not.toHaveBeenCalled();
    expect(onAny).toHaveBeenCalledTimes(1);
  });

  it("gives a new snapshot only when something changed", () => {
    const store = new SelectionStore();
    store.setMany(["a", "b"], true);
    const snapshot = store.getSelected();
    store.setMany(["a"], true);
    expect(store.getSelected()).toBe(snapshot);
    store.clear();
    expect(store.getSelected().size).toBe(0);
  });

  it("forgets hosts that are gone", () => {
    const store = new SelectionStore();
    store.setMany(["a", "b", "c"], true);
    store.retain(new Set(["a", "c"]));
    expect([...store.getSelected()]).toEqual(["a", "c"]);
  });
});

describe("visibleSelectionState", () => {
  it("is false, indeterminate or true for the rows on screen", () => {
    expect(visibleSelectionState([], new Set(["a"]))).toBe(false);
    expect(visibleSelectionState(["a", "b"], new Set())).toBe(false);
    expect(visibleSelectionState(["a", "b"], new Set(["a", "z"]))).toBe("indeterminate");
    expect(visibleSelectionState(["a", "b"], new Set(["a", "b"]))).toBe(true);
  });
});
