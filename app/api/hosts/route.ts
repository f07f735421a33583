import { route } from "@/lib/http/route";
import type { HostList } from "@/lib/protocol/api";

export const dynamic = "force-dynamic";

export const GET = route({ role: "viewer" }, async ({ runtime }): Promise<HostList> => ({ hosts: runtime.fleet.snapshot() }));
