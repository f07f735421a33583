"use client";

import { PlusIcon } from "lucide-react";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { NativeSelect } from "@/components/ui/native-select";
import { CHANNEL_KINDS, CHANNEL_KIND_LABELS, NOTIFICATION_EVENTS, NOTIFICATION_EVENT_LABELS, type ChannelKind } from "@/lib/protocol/notification-kinds";
import { EMPTY_CHANNEL_FORM, type ChannelForm as Form } from "@/lib/ui/channel-form";

function Field({ id, label, children }: { id: string; label: string; children: React.ReactNode }) {
  return (
    <div className="flex flex-col gap-1">
      <Label htmlFor={id}>{label}</Label>
      {children}
    </div>
  );
}

/** A new channel: where it sends (fields of its kind) and what it hears. */
export function ChannelForm({ busy, onCreate }: { busy: boolean; onCreate: (form: Form) => Promise<boolean> }) {
  const [form, setForm] = useState<Form>(EMPTY_CHANNEL_FORM);
  const set = <K extends keyof Form>(key: K, value: Form[K]) => setForm((current) => ({ ...current, [key]: value }));
  const text = (key: keyof Form, id: string, label: string, props: React.ComponentProps<typeof Input> = {}) => (
    <Field id={id} label={label}>
      <Input id={id} value={String(form[key])} onChange={(event) => set(key, event.currentTarget.value as never)} autoComplete="off" className="h-8" {...props} />
    </Field>
  );
  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    if (await onCreate(form)) setForm(EMPTY_CHANNEL_FORM);
  };
  return (
    <form onSubmit={submit} noValidate className="flex flex-col gap-3 rounded-xl border border-border bg-card px-4 py-3.5 shadow-xs sm:px-5" aria-label="New notification channel">
      <div className="grid gap-3 sm:grid-cols-2">
        {text("name", "channel-name", "Name", { placeholder: "e.g. ops chat" })}
        <Field id="channel-kind" label="Kind">
          <NativeSelect id="channel-kind" value={form.kind} onChange={(event) => set("kind", event.currentTarget.value as ChannelKind)}>
            {CHANNEL_KINDS.map((kind) => (
              <option key={kind} value={kind}>
                {CHANNEL_KIND_LABELS[kind]}
              </option>
            ))}
          </NativeSelect>
        </Field>
        {form.kind !== "email" && text("url", "channel-url", form.kind === "ntfy" ? "Topic URL" : "Webhook URL", { placeholder: "https://…" })}
        {form.kind === "webhook" && text("secret", "channel-secret", "Signing secret (16+ characters)", { type: "password" })}
        {form.kind === "ntfy" && text("token", "channel-token", "Access token (optional)", { type: "password" })}
        {form.kind === "email" && (
          <>
            {text("smtpHost", "channel-smtp-host", "SMTP server")}
            {text("smtpPort", "channel-smtp-port", "Port", { inputMode: "numeric" })}
            {text("smtpUser", "channel-smtp-user", "User (optional)")}
            {text("smtpPassword", "channel-smtp-password", "Password (optional)", { type: "password" })}
            {text("from", "channel-from", "From")}
            {text("to", "channel-to", "To (addresses separated by commas)")}
            <label className="flex items-center gap-2 text-sm">
              <Checkbox checked={form.smtpSecure} onChange={(event) => set("smtpSecure", event.currentTarget.checked)} />
              TLS from the start (port 465)
            </label>
          </>
        )}
      </div>
      <fieldset className="flex flex-col gap-1.5">
        <legend className="mb-1 text-sm font-medium">Send when</legend>
        {NOTIFICATION_EVENTS.map((kind) => (
          <label key={kind} className="flex items-center gap-2 text-sm">
            <Checkbox
              checked={form.events.includes(kind)}
              data-event={kind}
              onChange={(event) => {
                const on = event.currentTarget.checked;
                set("events", NOTIFICATION_EVENTS.filter((k) => (k === kind ? on : form.events.includes(k))));
              }}
            />
            {NOTIFICATION_EVENT_LABELS[kind]}
          </label>
        ))}
      </fieldset>
      <div className="grid gap-3 sm:grid-cols-2">
        {text("offlineMinutes", "channel-offline", "Offline limit (minutes)", { inputMode: "numeric" })}
        {text("behindHours", "channel-behind", "Behind limit (hours)", { inputMode: "numeric" })}
      </div>
      <div>
        <Button type="submit" size="sm" disabled={busy}>
          <PlusIcon aria-hidden />
          Add channel
        </Button>
      </div>
    </form>
  );
}
