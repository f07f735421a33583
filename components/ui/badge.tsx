import { cva, type VariantProps } from "class-variance-authority";
import type { ComponentProps } from "react";
import { cn } from "@/lib/ui/cn";

/**
 * A small label. The status variants use the status colours of globals.css (green ok, yellow
 * attention, red problem, blue working, grey unknown); always pair a colour with words.
 */
export const badgeVariants = cva(
  "inline-flex w-fit shrink-0 items-center gap-1.5 whitespace-nowrap rounded-full border px-2 py-0.5 text-xs font-medium [&_svg]:size-3",
  {
    variants: {
      variant: {
        outline: "border-border text-foreground",
        secondary: "border-transparent bg-secondary text-secondary-foreground",
        success: "border-success/25 bg-success/10 text-success-foreground",
        warning: "border-warning/30 bg-warning/10 text-warning-foreground",
        danger: "border-danger/25 bg-danger/10 text-danger-foreground",
        info: "border-info/25 bg-info/10 text-info-foreground",
        muted: "border-border bg-muted text-muted-foreground",
      },
    },
    defaultVariants: { variant: "outline" },
  },
);

export type BadgeProps = ComponentProps<"span"> & VariantProps<typeof badgeVariants>;

export function Badge({ className, variant, ...props }: BadgeProps) {
  return <span data-slot="badge" className={cn(badgeVariants({ variant }), className)} {...props} />;
}

/** The dot inside a status badge; it takes the badge's text colour. */
export function BadgeDot({ className, pulse = false }: { className?: string; pulse?: boolean }) {
  return (
    <span aria-hidden className={cn("relative flex size-1.5", className)}>
      {pulse && <span className="absolute inline-flex size-full animate-ping rounded-full bg-current opacity-60" />}
      <span className="relative inline-flex size-1.5 rounded-full bg-current" />
    </span>
  );
}
