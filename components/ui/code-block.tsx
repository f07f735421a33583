import { CopyButton } from "@/components/ui/copy-button";
import { cn } from "@/lib/ui/cn";

/** A snippet to paste somewhere else, with its language or purpose as a caption and a copy button. */
export function CodeBlock({ code, caption, className }: { code: string; caption: string; className?: string }) {
  return (
    <figure className={cn("overflow-hidden rounded-lg border border-border bg-muted/40", className)}>
      <figcaption className="flex items-center justify-between gap-2 border-b border-border py-1 pl-3 pr-1 text-xs text-muted-foreground">
        <span>{caption}</span>
        <CopyButton text={code} />
      </figcaption>
      <pre className="overflow-x-auto p-3 font-mono text-[0.8125rem] leading-relaxed text-foreground">
        <code>{code}</code>
      </pre>
    </figure>
  );
}
