import { Badge } from "@/components/ui/badge";
import { DataTable } from "@/components/ui/data-table";
import { auditActionTone, auditDetailPairs } from "@/lib/ui/audit-labels";
import { LocalTime } from "@/components/ui/local-time";
import type { AuditEvent } from "@/lib/protocol/api";

function Detail({ detail }: { detail: string }) {
  const pairs = auditDetailPairs(detail);
  if (pairs.length === 0) return <span className="text-muted-foreground">–</span>;
  return (
    <dl className="flex flex-wrap gap-x-3 gap-y-0.5">
      {pairs.map(([key, value]) => (
        <div key={key} className="flex min-w-0 gap-1">
          <dt className="text-muted-foreground">{key}</dt>
          <dd className="min-w-0 break-all font-mono">{value}</dd>
        </div>
      ))}
    </dl>
  );
}

/** On a phone: one card per event, the same facts stacked. */
function AuditCards({ events }: { events: readonly AuditEvent[] }) {
  return (
    <ul aria-label="Audit events, newest first" className="divide-y divide-border rounded-xl border border-border bg-card shadow-xs md:hidden">
      {events.length === 0 && <li className="px-4 py-6 text-center text-sm text-muted-foreground">No events.</li>}
      {events.map((event) => (
        <li key={event.id} data-audit-card={event.id} className="flex flex-col gap-1.5 px-4 py-3 text-sm">
          <div className="flex flex-wrap items-center gap-x-2 gap-y-1">
            <Badge variant={auditActionTone(event.action)} className="font-mono">
              {event.action}
            </Badge>
            {event.target && <span className="font-medium">{event.target}</span>}
          </div>
          <p className="text-xs text-muted-foreground">
            <LocalTime timestamp={event.at} /> · {event.actor}
            {event.sourceIp && <span className="font-mono"> · {event.sourceIp}</span>}
          </p>
          {event.detail && (
            <div className="text-xs">
              <Detail detail={event.detail} />
            </div>
          )}
        </li>
      ))}
    </ul>
  );
}

/** Audit events, newest first: time, actor, action, target, source address and detail. */
export function AuditTable({ events }: { events: readonly AuditEvent[] }) {
  return (
    <>
      <AuditCards events={events} />
      <AuditRows events={events} />
    </>
  );
}

function AuditRows({ events }: { events: readonly AuditEvent[] }) {
  return (
    <DataTable
      caption="Audit events, newest first"
      columns={["Time", "Actor", "Action", "Target", "Source IP", "Detail"]}
      isEmpty={events.length === 0}
      empty="No events."
      className="max-md:hidden"
      tableClassName="min-w-[48rem]"
    >
      {events.map((event) => (
        <tr key={event.id} data-audit-event={event.id} data-audit-action={event.action} className="border-b border-border align-baseline last:border-b-0">
          <td className="whitespace-nowrap py-2 pl-4 pr-3 text-xs tabular-nums text-muted-foreground sm:pl-5">
            <LocalTime timestamp={event.at} />
          </td>
          <td className="px-3 py-2">{event.actor}</td>
          <td className="px-3 py-2">
            <Badge variant={auditActionTone(event.action)} className="font-mono">
              {event.action}
            </Badge>
          </td>
          <td className="px-3 py-2 font-medium">{event.target || <span className="text-muted-foreground">–</span>}</td>
          <td className="px-3 py-2 font-mono text-xs">{event.sourceIp || <span className="text-muted-foreground">–</span>}</td>
          <td className="py-2 pl-3 pr-4 text-xs">
            <Detail detail={event.detail} />
          </td>
        </tr>
      ))}
    </DataTable>
  );
}
