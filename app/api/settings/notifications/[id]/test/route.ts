import { route } from "@/lib/http/route";
import { channelParamsSchema } from "@/lib/protocol/notifications";

export const dynamic = "force-dynamic";

/** Sends a test message to the channel now and answers how it went. */
export const POST = route({ role: "admin", params: channelParamsSchema }, async ({ runtime, params }) => runtime.notifications.test(params.id));
