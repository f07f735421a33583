"use client";

import { LayersIcon } from "lucide-react";
import { useMemo } from "react";
import { RolloutDialog } from "@/components/rollouts/rollout-dialog";
import { Button } from "@/components/ui/button";
import { fleetTags } from "@/lib/ui/fleet-filter";
import { useFleetStore, useHostNames } from "./fleet-store-context";
import { useSelected } from "./selection-context";

/** "Roll out…" in the fleet's header: a staged rollout (the selection's when hosts are selected). */
export function RollOutButton({ onClick }: { onClick: () => void }) {
  const names = useHostNames();
  return (
    <Button variant="outline" size="sm" disabled={names.length === 0} onClick={onClick} title="Staged: a canary first, then waves with gates">
      <LayersIcon aria-hidden />
      Roll out…
    </Button>
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
