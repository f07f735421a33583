"use client";

import { CircleAlertIcon, InfoIcon, XIcon } from "lucide-react";
import { useEffect, useSyncExternalStore } from "react";
import { cn } from "@/lib/ui/cn";
import type { Notice, NoticeStore } from "@/lib/ui/notice-store";

const SHOW_MS = 8_000;

function NoticeItem({ notice, store }: { notice: Notice; store: NoticeStore }) {
  useEffect(() => {
    const timer = setTimeout(() => store.dismiss(notice.id), SHOW_MS);
    return () => clearTimeout(timer);
  }, [store, notice.id]);
  const onDismiss = () => store.dismiss(notice.id);
  const Icon = notice.tone === "error" ? CircleAlertIcon : InfoIcon;
  return (
    <li
      role={notice.tone === "error" ? "alert" : "status"}
      className={cn(
        "pointer-events-auto flex items-start gap-2.5 rounded-lg border bg-popover py-2.5 pl-3 pr-2 text-sm text-popover-foreground shadow-lg",
        notice.tone === "error" ? "border-danger/40" : "border-border",
      )}
    >
      <Icon aria-hidden className={cn("mt-0.5 size-4 shrink-0", notice.tone === "error" ? "text-danger" : "text-info")} />
      <span className="min-w-0 flex-1 break-words">{notice.text}</span>
      <button
        type="button"
        onClick={onDismiss}
        aria-label="Dismiss"
        className="inline-flex size-6 shrink-0 items-center justify-center rounded text-muted-foreground outline-none hover:bg-accent focus-visible:ring-[3px] focus-visible:ring-ring/50"
      >
        <XIcon aria-hidden className="size-3.5" />
      </button>
    </li>
  );
}

const NO_NOTICES: readonly Notice[] = [];
const noNotices = () => NO_NOTICES;

/** The page's notices, bottom right (bottom on a phone). */
export function Toaster({ store }: { store: NoticeStore }) {
  const notices = useSyncExternalStore(store.subscribe, store.getNotices, noNotices);
  return (
    <ol
      aria-label="Notifications"
      className="pointer-events-none fixed inset-x-3 bottom-3 z-[60] flex flex-col gap-2 sm:left-auto sm:right-4 sm:w-96"
    >
      {notices.map((notice) => (
        <NoticeItem key={notice.id} notice={notice} store={store} />
      ))}
    </ol>
  );
}
