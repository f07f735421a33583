type Listener = () => void;

/**
 * Which hosts are selected for a bulk action. Each row listens to its own name, so ticking one
 * checkbox re-renders that row and the bulk bar, not the table.
 */
export class SelectionStore {
  private selected = new Set<string>();
  private snapshot: ReadonlySet<string> = new Set();
  private readonly listeners = new Set<Listener>();
  private readonly nameListeners = new Map<string, Set<Listener>>();

  isSelected = (name: string): boolean => this.selected.has(name);
  /** The selection as an immutable set: a new object after every change. */
  getSelected = (): ReadonlySet<string> => this.snapshot;
  getCount = (): number => this.selected.size;

  subscribe = (listener: Listener): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  subscribeName = (name: string, listener: Listener): (() => void) => {
    let set = this.nameListeners.get(name);
    if (!set) {
      set = new Set();
      this.nameListeners.set(name, set);
    }
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.nameListeners.delete(name);
    };
  };

  toggle(name: string, selected = !this.selected.has(name)): void {
    this.setMany([name], selected);
  }

  /** Selects or unselects many hosts at once (select all visible). */
  setMany(names: Iterable<string>, selected: boolean): void {
    const changed: string[] = [];
    for (const name of names) {
      if (this.selected.has(name) === selected) continue;
      if (selected) this.selected.add(name);
      else this.selected.delete(name);
      changed.push(name);
    }
    this.publish(changed);
  }

  clear(): void {
    this.setMany([...this.selected], false);
  }

  /** Keeps only the names still present (a host that was removed cannot stay selected). */
  retain(present: ReadonlySet<string> | ((name: string) => boolean)): void {
    const keep = typeof present === "function" ? present : (name: string) => present.has(name);
    this.setMany([...this.selected].filter((name) => !keep(name)), false);
  }

  private publish(changed: readonly string[]): void {
    if (changed.length === 0) return;
    this.snapshot = new Set(this.selected);
    for (const name of changed) for (const listener of [...(this.nameListeners.get(name) ?? [])]) listener();
    for (const listener of [...this.listeners]) listener();
  }
}

/** The header checkbox's state for the rows on screen: none, some or all of them selected. */
export function visibleSelectionState(visible: readonly string[], selected: ReadonlySet<string>): boolean | "indeterminate" {
  if (visible.length === 0) return false;
  let count = 0;
  for (const name of visible) if (selected.has(name)) count++;
  if (count === 0) return false;
  return count === visible.length ? true : "indeterminate";
}
