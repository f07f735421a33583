import { route } from "@/lib/http/route";
import { channelCreateSchema, type ChannelList } from "@/lib/protocol/notifications";

export const dynamic = "force-dynamic";

export const GET = route({ role: "admin" }, async ({ runtime }): Promise<ChannelList> => ({ channels: await runtime.notifications.list() }));

export const POST = route({ role: "admin", body: channelCreateSchema }, async ({ runtime, caller, ip, body }) => {
  const channel = await runtime.notifications.create(body, caller.user, ip);
  return Response.json(channel, { status: 201, headers: { "cache-control": "no-store" } });
});
