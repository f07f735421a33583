"use client";

import { LayersIcon } from "lucide-react";
import { useRoleRefusal } from "@/components/auth/signed-in-context";
import { useMemo } from "react";
import { RolloutDialog } from "@/components/rollouts/rollout-dialog";
import { Button } from "@/components/ui/button";
import { fleetTags } from "@/lib/ui/fleet-filter";
import { useFleetStore, useHostNames } from "./fleet-store-context";
import { useSelected } from "./selection-context";

/** "Roll out…" in the fleet's header: a staged rollout (the selection's when hosts are selected). */
export function RollOutButton({ onClick }: { onClick: () => void }) {
  const names = useHostNames();
  const refusal = useRoleRefusal("operator", "start rollouts");
  return (
    // A disabled button gets no pointer events: the wrapper carries the tooltip that says why.
    <span title={refusal ?? "Staged: a canary first, then waves with gates"} className="inline-flex">
      <Button variant="outline" size="sm" disabled={names.length === 0 || refusal !== null} onClick={onClick}>
        <LayersIcon aria-hidden />
        Roll out…
      </Button>
    </span>
  );
}

/** The rollout plan dialog over the fleet page's selection, its tags and the whole fleet. */
export function FleetRolloutDialog({ onClose }: { onClose: () => void }) {
  const store = useFleetStore();
  const names = useHostNames();
  const selected = useSelected();
  const selection = useMemo(() => [...selected], [selected]);
  const tags = useMemo(() => fleetTags(store.getHosts()), [store]);
  return <RolloutDialog open onClose={onClose} selection={selection} tags={tags} fleetSize={names.length} />;
}
