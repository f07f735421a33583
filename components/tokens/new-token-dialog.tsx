"use client";

import { TriangleAlertIcon } from "lucide-react";
import { Button } from "@/components/ui/button";
import { CodeBlock } from "@/components/ui/code-block";
import { CopyButton } from "@/components/ui/copy-button";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
} from "@/components/ui/dialog";

/** A token to show once: a host's (with its Nix snippet) or an API token's (with a usage example). */
export interface ShownToken {
  title: string;
  description: string;
  token: string;
  snippet: { caption: string; code: string };
}

/**
 * The raw token, shown this once: a copy button, a snippet that uses it, and a plain warning. It
 * closes only through its buttons or Escape, not by a stray click outside.
 */
export function NewTokenDialog({ issued, onClose }: { issued: ShownToken | null; onClose: () => void }) {
  return (
    <Dialog open={issued !== null} onOpenChange={(open) => !open && onClose()}>
      {issued && (
        <DialogContent className="max-w-2xl" onInteractOutside={(event) => event.preventDefault()}>
          <DialogHeader>
            <DialogTitle>{issued.title}</DialogTitle>
            <DialogDescription>{issued.description} Only a hash of it is stored.</DialogDescription>
          </DialogHeader>
          <p
            role="alert"
            className="flex items-start gap-2 rounded-lg border border-warning/50 bg-warning/10 px-3 py-2 text-sm text-warning-foreground"
          >
            <TriangleAlertIcon aria-hidden className="mt-0.5 size-4 shrink-0" />
            <span>Copy it now: you will not see it again. If it is lost, make a new one.</span>
          </p>
          <div className="flex items-center gap-2 rounded-lg border border-border bg-muted/40 py-1.5 pl-3 pr-1.5">
            <code data-new-token className="min-w-0 flex-1 select-all break-all font-mono text-sm">
              {issued.token}
            </code>
            <CopyButton text={issued.token} label="Copy token" />
          </div>
          <CodeBlock caption={issued.snippet.caption} code={issued.snippet.code} />
          <DialogFooter>
            <Button onClick={onClose}>Done</Button>
          </DialogFooter>
        </DialogContent>
      )}
    </Dialog>
  );
}
