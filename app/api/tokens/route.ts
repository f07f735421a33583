import { listTokens } from "@/lib/auth/token-states";
import { route } from "@/lib/http/route";
import type { TokenList } from "@/lib/protocol/api";

export const dynamic = "force-dynamic";

export const GET = route({ role: "viewer" }, async ({ runtime }): Promise<TokenList> =>
  listTokens(runtime.store, runtime.fleet.snapshot().map((host) => host.name), runtime.config.agentToken),
);
