import type { ReactNode } from "react";

/** An action's failure, said where the action is; nothing when there is none. */
export function ErrorAlert({ children }: { children: ReactNode }) {
  if (!children) return null;
  return (
    <p role="alert" className="rounded-lg border border-danger/40 bg-danger/8 px-3 py-2 text-sm text-danger-foreground">
      {children}
    </p>
  );
}
