type Listener = () => void;

export interface Notice {
  id: number;
  tone: "error" | "info";
  text: string;
}

/**
 * Short messages about what just happened ("web-1 is busy: switch is running"), shown for a few
 * seconds in a corner. The newest few are kept.
 */
export class NoticeStore {
  private notices: readonly Notice[] = [];
  private nextId = 1;
  private readonly listeners = new Set<Listener>();

  constructor(private readonly limit = 4) {}

  getNotices = (): readonly Notice[] => this.notices;

  subscribe = (listener: Listener): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  push(tone: Notice["tone"], text: string): number {
    const notice = { id: this.nextId++, tone, text };
    this.notices = [...this.notices, notice].slice(-this.limit);
    this.emit();
    return notice.id;
  }

  dismiss(id: number): void {
    const next = this.notices.filter((notice) => notice.id !== id);
    if (next.length === this.notices.length) return;
    this.notices = next;
    this.emit();
  }

  private emit(): void {
    for (const listener of [...this.listeners]) listener();
  }
}
