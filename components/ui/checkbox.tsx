"use client";

import { useEffect, useRef, type ComponentProps } from "react";
import { cn } from "@/lib/ui/cn";

/**
 * A native checkbox (light enough for a thousand rows) in the theme's colours; `checked` may be
 * "indeterminate" for a select-all box (the browser then reports it as mixed).
 */
export function Checkbox({
  checked,
  className,
  ...props
}: Omit<ComponentProps<"input">, "type" | "checked"> & { checked: boolean | "indeterminate" }) {
  const ref = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (ref.current) ref.current.indeterminate = checked === "indeterminate";
  }, [checked]);
  return (
    <input
      ref={ref}
      type="checkbox"
      checked={checked === true}
      className={cn(
        "size-4 shrink-0 cursor-pointer rounded-[4px] accent-primary outline-none focus-visible:ring-[3px] focus-visible:ring-ring/50 disabled:cursor-not-allowed disabled:opacity-50",
        className,
      )}
      {...props}
    />
  );
}
