import { LoaderCircleIcon } from "lucide-react";
import { Button } from "@/components/ui/button";

/**
 * The end of a sign-in style form: the error (its live region is always there, so a screen reader
 * hears a new error) and the full-width submit button, spinning while the form is sent.
 */
export function FormSubmit({ errorId, error, pending, label }: { errorId: string; error: string | null; pending: boolean; label: string }) {
  return (
    <>
      <div
        id={errorId}
        role="alert"
        className={error ? "rounded-md border border-danger/30 bg-danger/10 px-3 py-2 text-sm text-danger-foreground" : "sr-only"}
      >
        {error}
      </div>
      <Button type="submit" disabled={pending} className="w-full">
        {pending && <LoaderCircleIcon aria-hidden className="animate-spin" />}
        {label}
      </Button>
    </>
  );
}
