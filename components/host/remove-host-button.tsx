"use client";

import { useRoleRefusal } from "@/components/auth/signed-in-context";
import { Trash2Icon } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import {
  AlertDialog,
  AlertDialogAction,
  AlertDialogCancel,
  AlertDialogContent,
  AlertDialogDescription,
  AlertDialogFooter,
  AlertDialogHeader,
  AlertDialogTitle,
  AlertDialogTrigger,
} from "@/components/ui/alert-dialog";
import { Button } from "@/components/ui/button";
import type { OkReply } from "@/lib/protocol/api";
import { apiDelete } from "@/lib/ui/api-client";

/** Removes an offline host from the fleet, after a confirmation. */
export function RemoveHostButton({ name }: { name: string }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const refusal = useRoleRefusal("operator", "remove hosts");

  const remove = async (event: React.MouseEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    const result = await apiDelete<OkReply>(`/api/hosts/${encodeURIComponent(name)}`);
    setBusy(false);
    if (!result.ok) {
      setError(result.error.message);
      return;
    }
    setOpen(false);
    router.push("/");
  };

  return (
    <AlertDialog open={open} onOpenChange={setOpen}>
      <AlertDialogTrigger asChild title={refusal ?? undefined}>
        <Button variant="outline" size="xs" disabled={refusal !== null} className="text-danger-foreground hover:text-danger-foreground">
          <Trash2Icon aria-hidden />
          Remove host
        </Button>
      </AlertDialogTrigger>
      <AlertDialogContent>
        <AlertDialogHeader>
          <AlertDialogTitle>Remove {name}?</AlertDialogTitle>
          <AlertDialogDescription>
            {name} leaves the fleet table. Its audit entries stay. If its agent connects again, it comes back as a new host.
          </AlertDialogDescription>
        </AlertDialogHeader>
        {error && (
          <p role="alert" className="text-sm text-danger-foreground">
            {error}
          </p>
        )}
        <AlertDialogFooter>
          <AlertDialogCancel disabled={busy}>Cancel</AlertDialogCancel>
          <AlertDialogAction variant="destructive" onClick={remove} disabled={busy}>
            Remove host
          </AlertDialogAction>
        </AlertDialogFooter>
      </AlertDialogContent>
    </AlertDialog>
  );
}
