/**
 * The fleet table's columns at desktop widths, in order. Narrower screens drop the less urgent
 * columns (they stay on the cards and the host page): `from` is the first breakpoint that shows one.
 */
export type ColumnId = "select" | "name" | "status" | "checks" | "command" | "location" | "device" | "platform" | "agent" | "actions";
export type Breakpoint = "lg" | "xl" | "2xl";

export interface HostColumn {
  id: ColumnId;
  header: string;
  /** A CSS grid track size. */
  width: string;
  from: Breakpoint;
}

export const HOST_COLUMNS: readonly HostColumn[] = [
  { id: "select", header: "Select", width: "1.25rem", from: "lg" },
  { id: "name", header: "Host", width: "minmax(8rem, 1.3fr)", from: "lg" },
  { id: "status", header: "Status", width: "minmax(8.5rem, 1fr)", from: "lg" },
  { id: "checks", header: "Checks", width: "7.75rem", from: "lg" },
  { id: "command", header: "Command", width: "minmax(9rem, 1.4fr)", from: "lg" },
  { id: "location", header: "Location", width: "minmax(5rem, 0.7fr)", from: "xl" },
  { id: "device", header: "Device", width: "minmax(5.5rem, 0.7fr)", from: "xl" },
  { id: "platform", header: "Platform", width: "minmax(7.5rem, 1fr)", from: "xl" },
  { id: "agent", header: "Agent", width: "minmax(4rem, 0.5fr)", from: "2xl" },
  { id: "actions", header: "Actions", width: "auto", from: "lg" },
];

const ORDER: readonly Breakpoint[] = ["lg", "xl", "2xl"];

function template(breakpoint: Breakpoint): string {
  const shown = HOST_COLUMNS.filter((column) => ORDER.indexOf(column.from) <= ORDER.indexOf(breakpoint));
  return shown.map((column) => column.width).join(" ");
}

/** The grid templates as CSS variables, set once on the table. */
export const HOST_GRID_VARIABLES: Record<string, string> = {
  "--grid-lg": template("lg"),
  "--grid-xl": template("xl"),
  "--grid-2xl": template("2xl"),
};

/** Classes that show a desktop cell only from its breakpoint (written out so Tailwind finds them). */
export const SHOW_FROM: Record<Breakpoint, string> = {
  lg: "lg:flex",
  xl: "lg:hidden xl:flex",
  "2xl": "lg:hidden 2xl:flex",
};

export const ROW_GRID_CLASSES = "lg:grid-cols-(--grid-lg) xl:grid-cols-(--grid-xl) 2xl:grid-cols-(--grid-2xl)";

export function columnFrom(id: ColumnId): Breakpoint {
  return HOST_COLUMNS.find((column) => column.id === id)!.from;
}
