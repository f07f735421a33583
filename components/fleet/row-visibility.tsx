"use client";

import { createContext, useContext, useEffect, useMemo, useState, type ReactNode, type RefObject } from "react";

/**
 * One IntersectionObserver for every row of a long table: a row draws its full content the first
 * time it comes near the viewport, and stays drawn. Until then it is a light placeholder with the
 * host's name, so a thousand hosts cost a thousand small elements, not seventy thousand.
 */
class RowObserver {
  private readonly callbacks = new Map<Element, () => void>();
  private readonly observer = new IntersectionObserver(
    (entries) => {
      for (const entry of entries) {
        if (!entry.isIntersecting) continue;
        const callback = this.callbacks.get(entry.target);
        this.unobserve(entry.target);
        callback?.();
      }
    },
    // Rows are drawn well before they scroll into view.
    { rootMargin: "1000px 0px" },
  );

  observe(element: Element, callback: () => void): void {
    this.callbacks.set(element, callback);
    this.observer.observe(element);
  }

  unobserve(element: Element): void {
    this.callbacks.delete(element);
    this.observer.unobserve(element);
  }

  disconnect(): void {
    this.callbacks.clear();
    this.observer.disconnect();
  }
}

const RowObserverContext = createContext<{ lazy: boolean; observer: RowObserver | null }>({ lazy: false, observer: null });

/** Gives the rows below a shared observer while `enabled` (a long list); short lists draw everything. */
export function RowVisibilityProvider({ enabled, children }: { enabled: boolean; children: ReactNode }) {
  const [observer, setObserver] = useState<RowObserver | null>(null);
  useEffect(() => {
    if (!enabled) return;
    const created = new RowObserver();
    // The observer is a browser object: it exists only after mount, and only for long lists.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    setObserver(created);
    return () => {
      created.disconnect();
      setObserver(null);
    };
  }, [enabled]);
  const value = useMemo(() => ({ lazy: enabled, observer: enabled ? observer : null }), [enabled, observer]);
  return <RowObserverContext.Provider value={value}>{children}</RowObserverContext.Provider>;
}

/** Whether a row should draw its full content: always in a short list, else once it came near the viewport. */
export function useRowDrawn(ref: RefObject<Element | null>): boolean {
  const { lazy, observer } = useContext(RowObserverContext);
  const [seen, setSeen] = useState(false);
  useEffect(() => {
    const element = ref.current;
    if (seen || !observer || !element) return;
    observer.observe(element, () => setSeen(true));
    return () => observer.unobserve(element);
  }, [seen, observer, ref]);
  return seen || !lazy;
}
