"use client";

import { SendIcon, Trash2Icon } from "lucide-react";
import { useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { RelativeTime } from "@/components/ui/relative-time";
import type { OkReply } from "@/lib/protocol/api";
import { CHANNEL_KIND_LABELS } from "@/lib/protocol/notification-kinds";
import type { ChannelList, ChannelView } from "@/lib/protocol/notifications";
import { apiDelete, apiGet, apiPost } from "@/lib/ui/api-client";
import { channelBody, type ChannelForm as Form } from "@/lib/ui/channel-form";
import { ChannelForm } from "./channel-form";

const channelPath = (id: string) => `/api/settings/notifications/${encodeURIComponent(id)}`;

function ChannelRow({ channel, busy, onTest, onRemove }: { channel: ChannelView; busy: boolean; onTest: (id: string) => void; onRemove: (id: string) => void }) {
  return (
    <li className="flex flex-col gap-1.5 border-b border-border px-4 py-3 last:border-0 sm:px-5" data-channel={channel.name}>
      <div className="flex flex-wrap items-center gap-2">
        <span className="font-medium">{channel.name}</span>
        <Badge variant="muted">{CHANNEL_KIND_LABELS[channel.kind]}</Badge>
        <span className="min-w-0 truncate text-xs text-muted-foreground">{channel.target}</span>
        <span className="ml-auto flex gap-2">
          <Button size="sm" variant="outline" disabled={busy} onClick={() => onTest(channel.id)}>
            <SendIcon aria-hidden />
            Send a test
          </Button>
          <Button size="sm" variant="outline" disabled={busy} onClick={() => onRemove(channel.id)} aria-label={`Remove channel ${channel.name}`}>
            <Trash2Icon aria-hidden />
            Remove
          </Button>
        </span>
      </div>
      <p className="text-xs text-muted-foreground">
        Hears: {channel.events.join(", ")} · offline after {channel.offlineMinutes} min · behind after {channel.behindHours} h
      </p>
      <p className="text-xs" data-channel-status>
        {channel.lastError ? (
          <span className="text-danger-foreground" role="status">
            Last delivery failed{channel.lastErrorAt !== null && <> (<RelativeTime timestamp={channel.lastErrorAt} />)</>}: {channel.lastError}
          </span>
        ) : channel.lastSentAt !== null ? (
          <span className="text-muted-foreground">
            Last sent <RelativeTime timestamp={channel.lastSentAt} />
          </span>
        ) : (
          <span className="text-muted-foreground">Nothing sent yet</span>
        )}
      </p>
    </li>
  );
}

/**
 * Notification channels: where the dashboard tells of failures and lasting problems, and whether its
 * last delivery arrived. Admins only (the API checks).
 */
export function NotificationSettings({ initial }: { initial: ChannelView[] }) {
  const [channels, setChannels] = useState(initial);
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<{ tone: "error" | "ok"; text: string } | null>(null);

  const reload = async () => {
    const result = await apiGet<ChannelList>("/api/settings/notifications");
    if (result.ok) setChannels(result.value.channels);
  };
  const run = async <T,>(work: () => Promise<T>): Promise<T> => {
    setBusy(true);
    setNotice(null);
    try {
      return await work();
    } finally {
      setBusy(false);
      await reload();
    }
  };

  const create = (form: Form) =>
    run(async () => {
      const result = await apiPost<ChannelView>("/api/settings/notifications", channelBody(form));
      if (!result.ok) setNotice({ tone: "error", text: `Could not add the channel: ${result.error.message}` });
      return result.ok;
    });
  const test = (id: string) =>
    run(async () => {
      const result = await apiPost<{ ok: boolean; error?: string }>(`${channelPath(id)}/test`);
      if (!result.ok) setNotice({ tone: "error", text: result.error.message });
      else setNotice(result.value.ok ? { tone: "ok", text: "Test message sent." } : { tone: "error", text: `The test message failed: ${result.value.error}` });
    });
  const remove = (id: string) =>
    run(async () => {
      const result = await apiDelete<OkReply>(channelPath(id));
      if (!result.ok) setNotice({ tone: "error", text: `Could not remove the channel: ${result.error.message}` });
    });

  return (
    <section className="flex flex-col gap-4" aria-labelledby="notifications-heading">
      <div className="flex flex-col gap-1.5">
        <h2 id="notifications-heading" className="text-lg font-semibold tracking-tight">
          Notifications
        </h2>
        <p className="max-w-3xl text-sm text-muted-foreground">
          Events of one kind that come together (a fleet-wide failure) go out as one message with the count. Failed deliveries are
          retried with growing pauses; the last failure shows here.
        </p>
      </div>
      {notice && (
        <p role={notice.tone === "error" ? "alert" : "status"} className={notice.tone === "error" ? "rounded-lg border border-danger/40 bg-danger/8 px-3 py-2 text-sm text-danger-foreground" : "text-sm text-muted-foreground"}>
          {notice.text}
        </p>
      )}
      <ul className="rounded-xl border border-border bg-card shadow-xs">
        {channels.length === 0 ? (
          <li className="px-5 py-6 text-center text-sm text-muted-foreground">No channels yet: nothing is sent.</li>
        ) : (
          channels.map((channel) => <ChannelRow key={channel.id} channel={channel} busy={busy} onTest={test} onRemove={remove} />)
        )}
      </ul>
      <ChannelForm busy={busy} onCreate={create} />
    </section>
  );
}
