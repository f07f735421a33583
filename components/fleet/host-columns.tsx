import type { ComponentType } from "react";
import {
  HostAgentVersionCell,
  HostDeviceTypeCell,
  HostLocationCell,
  HostNameCell,
  HostPlatformCell,
  HostStatusCell,
  type HostCellProps,
} from "./host-cells";

/**
 * Where a column goes when the table becomes cards (phone width): the title line holds the name
 * and the status; details wrap below it.
 */
export type CardPlacement = "title" | "status" | "details";

export interface HostColumn {
  id: string;
  header: string;
  /** A CSS grid track size for the desktop table. */
  width: string;
  card: CardPlacement;
  Cell: ComponentType<HostCellProps>;
}

/**
 * The fleet table's columns, in order; the table, its header and the phone cards all derive from
 * this list, so a new column (indicators, running command, actions) is one entry. Keep them
 * grouped by card placement, title first, then status, then details.
 */
export const HOST_COLUMNS: readonly HostColumn[] = [
  { id: "name", header: "Host", width: "minmax(11rem, 1.6fr)", card: "title", Cell: HostNameCell },
  { id: "status", header: "Status", width: "minmax(10.5rem, 1.2fr)", card: "status", Cell: HostStatusCell },
  { id: "location", header: "Location", width: "minmax(6.5rem, 0.8fr)", card: "details", Cell: HostLocationCell },
  { id: "device", header: "Device", width: "minmax(6.5rem, 0.8fr)", card: "details", Cell: HostDeviceTypeCell },
  { id: "platform", header: "Platform", width: "minmax(9rem, 1.2fr)", card: "details", Cell: HostPlatformCell },
  { id: "agent", header: "Agent", width: "minmax(5rem, 0.6fr)", card: "details", Cell: HostAgentVersionCell },
];

export const HOST_GRID_TEMPLATE = HOST_COLUMNS.map((column) => column.width).join(" ");

export function columnsPlaced(placement: CardPlacement): readonly HostColumn[] {
  return HOST_COLUMNS.filter((column) => column.card === placement);
}
