"use client";

import { SearchIcon, XIcon } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { NativeSelect } from "@/components/ui/native-select";
import type { HostView } from "@/lib/protocol/browser";
import { cn } from "@/lib/ui/cn";
import { useMemo } from "react";
import { DEFAULT_FLEET_FILTER, fleetTags, isDefaultFilter, type FleetFilter, type SortKey, type StatusFilter } from "@/lib/ui/fleet-filter";
import { deviceTypeLabel, locationLabel, platformLabel } from "@/lib/ui/host-labels";
import { useFleetLoaded, useFleetStore, useFleetSummary, useListVersion } from "./fleet-store-context";

const LOCATIONS: readonly HostView["location"][] = ["cloud", "home", "work", "other"];
const DEVICE_TYPES: readonly HostView["deviceType"][] = ["server", "desktop", "laptop", "gaming", "other"];
const PLATFORMS: readonly HostView["platform"][] = ["nixos", "darwin", "home-manager"];
const SORTS: readonly { key: SortKey; label: string }[] = [
  { key: "name", label: "Name" },
  { key: "status", label: "Status" },
  { key: "last-seen", label: "Last seen" },
];

function StatusFilterButtons({ value, onChange }: { value: StatusFilter; onChange: (status: StatusFilter) => void }) {
  const summary = useFleetSummary();
  // Until the whole snapshot is in, the counts would be those of its first part.
  const loaded = useFleetLoaded();
  const options: { key: StatusFilter; label: string; count: number; dot?: string }[] = [
    { key: "all", label: "All", count: summary.total },
    { key: "attention", label: "Needs attention", count: summary.attention, dot: "bg-warning" },
    { key: "offline", label: "Offline", count: summary.offline, dot: "bg-unknown" },
    { key: "busy", label: "Busy", count: summary.busy, dot: "bg-info" },
  ];
  return (
    <div role="group" aria-label="Status" className="flex max-w-full overflow-x-auto rounded-lg border border-border bg-muted/50 p-0.5">
      {options.map((option) => {
        const active = value === option.key;
        return (
          <button
            key={option.key}
            type="button"
            aria-pressed={active}
            onClick={() => onChange(option.key)}
            className={cn(
              "inline-flex h-7 shrink-0 items-center gap-1.5 whitespace-nowrap rounded-md px-2.5 text-xs font-medium text-muted-foreground outline-none transition-colors hover:text-foreground focus-visible:ring-[3px] focus-visible:ring-ring/50",
              active && "bg-background text-foreground shadow-xs dark:bg-accent",
            )}
          >
            {option.dot && <span aria-hidden className={cn("size-1.5 rounded-full", option.dot)} />}
            {option.label}
            <span className="tabular-nums text-muted-foreground">{loaded ? option.count : "–"}</span>
          </button>
        );
      })}
    </div>
  );
}

/** The tags of the fleet's hosts, computed again only when what the list reads changed. */
function useFleetTags(): string[] {
  const store = useFleetStore();
  const version = useListVersion();
  // `version` tells that the hosts' listing fields (tags among them) changed: the store is mutable.
  // eslint-disable-next-line react-hooks/exhaustive-deps
  return useMemo(() => fleetTags(store.getHosts()), [store, version]);
}

/** Filters (status, location, device type, platform, tag, text) and the sort order of the fleet table. */
export function FleetToolbar({ filter, onChange }: { filter: FleetFilter; onChange: (filter: FleetFilter) => void }) {
  const set = (changes: Partial<FleetFilter>) => onChange({ ...filter, ...changes });
  const tags = useFleetTags();
  return (
    <div className="flex flex-wrap items-center gap-2">
      <div className="relative w-full sm:w-56">
        <SearchIcon aria-hidden className="pointer-events-none absolute left-2.5 top-1/2 size-4 -translate-y-1/2 text-muted-foreground" />
        <Input
          type="search"
          value={filter.text}
          onChange={(event) => set({ text: event.currentTarget.value })}
          placeholder="Filter hosts…"
          aria-label="Filter hosts by text"
          className="h-8 pl-8"
        />
      </div>
      <StatusFilterButtons value={filter.status} onChange={(status) => set({ status })} />
      <NativeSelect
        aria-label="Location"
        value={filter.location}
        onChange={(event) => set({ location: event.currentTarget.value as FleetFilter["location"] })}
      >
        <option value="all">All locations</option>
        {LOCATIONS.map((location) => (
          <option key={location} value={location}>
            {locationLabel(location)}
          </option>
        ))}
      </NativeSelect>
      <NativeSelect
        aria-label="Device type"
        value={filter.deviceType}
        onChange={(event) => set({ deviceType: event.currentTarget.value as FleetFilter["deviceType"] })}
      >
        <option value="all">All devices</option>
        {DEVICE_TYPES.map((deviceType) => (
          <option key={deviceType} value={deviceType}>
            {deviceTypeLabel(deviceType)}
          </option>
        ))}
      </NativeSelect>
      <NativeSelect
        aria-label="Platform"
        value={filter.platform}
        onChange={(event) => set({ platform: event.currentTarget.value as FleetFilter["platform"] })}
      >
        <option value="all">All platforms</option>
        {PLATFORMS.map((platform) => (
          <option key={platform} value={platform}>
            {platformLabel(platform)}
          </option>
        ))}
      </NativeSelect>
      {tags.length > 0 && (
        <NativeSelect aria-label="Tag" value={filter.tag} onChange={(event) => set({ tag: event.currentTarget.value })}>
          <option value="all">All tags</option>
          {tags.map((tag) => (
            <option key={tag} value={tag}>
              #{tag}
            </option>
          ))}
        </NativeSelect>
      )}
      <NativeSelect
        aria-label="Sort by"
        value={filter.sort}
        onChange={(event) => set({ sort: event.currentTarget.value as SortKey })}
      >
        {SORTS.map((sort) => (
          <option key={sort.key} value={sort.key}>
            Sort: {sort.label}
          </option>
        ))}
      </NativeSelect>
      {!isDefaultFilter(filter) && (
        <Button variant="ghost" size="sm" onClick={() => onChange({ ...DEFAULT_FLEET_FILTER, sort: filter.sort })}>
          <XIcon aria-hidden />
          Clear filters
        </Button>
      )}
    </div>
  );
}
