import type { AuditLog } from "../audit/audit-log";
import { ServiceError } from "../service-error";
import type { LiveFleet } from "./live-fleet";

/** Takes a host out of the fleet for good (its audit entries stay). */
export class HostRemoval {
  constructor(
    private readonly fleet: LiveFleet,
    private readonly audit: AuditLog,
  ) {}

  /** Only an offline host: an online one would come straight back with its next heartbeat. */
  async remove(name: string, actor: string, sourceIp: string): Promise<void> {
    const host = this.fleet.get(name);
    if (!host) throw new ServiceError("not-found", "no such host");
    if (host.online) throw new ServiceError("conflict", `${name} is online: stop its agent first`);
    await this.fleet.remove(name);
    await this.audit.record({ actor, action: "host.remove", target: name, sourceIp });
  }
}
