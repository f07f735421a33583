"use client";

import { CheckIcon, CopyIcon } from "lucide-react";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { cn } from "@/lib/ui/cn";

type CopyState = "idle" | "copied" | "failed";

/** Copies `text`; works on plain-http dashboards too, where the Clipboard API is missing. */
async function copyText(text: string): Promise<void> {
  if (navigator.clipboard && window.isSecureContext) {
    await navigator.clipboard.writeText(text);
    return;
  }
  const area = document.createElement("textarea");
  area.value = text;
  area.setAttribute("readonly", "");
  area.style.position = "fixed";
  area.style.opacity = "0";
  document.body.append(area);
  area.select();
  const ok = document.execCommand("copy");
  area.remove();
  if (!ok) throw new Error("copy refused");
}

export function CopyButton({ text, label = "Copy", className }: { text: string; label?: string; className?: string }) {
  const [state, setState] = useState<CopyState>("idle");

  async function onCopy() {
    try {
      await copyText(text);
      setState("copied");
    } catch {
      setState("failed");
    }
    setTimeout(() => setState("idle"), 2_000);
  }

  const words = state === "copied" ? "Copied" : state === "failed" ? "Copy failed" : label;
  return (
    <Button variant="ghost" size="xs" onClick={onCopy} className={cn("text-muted-foreground", className)} aria-live="polite">
      {state === "copied" ? <CheckIcon /> : <CopyIcon />}
      {words}
    </Button>
  );
}
