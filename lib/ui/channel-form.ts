import type { ChannelKind, NotificationEventKind } from "@/lib/protocol/notification-kinds";
import type { ChannelCreate, ChannelSettings } from "@/lib/protocol/notifications";

/** The settings page's channel form, as typed (every field text, whatever the kind shows). */
export interface ChannelForm {
  name: string;
  kind: ChannelKind;
  url: string;
  secret: string;
  token: string;
  smtpHost: string;
  smtpPort: string;
  smtpSecure: boolean;
  smtpUser: string;
  smtpPassword: string;
  from: string;
  to: string;
  events: NotificationEventKind[];
  offlineMinutes: string;
  behindHours: string;
}

export const EMPTY_CHANNEL_FORM: ChannelForm = {
  name: "", kind: "webhook", url: "", secret: "", token: "", smtpHost: "", smtpPort: "587", smtpSecure: false,
  smtpUser: "", smtpPassword: "", from: "", to: "", events: ["command.failed"], offlineMinutes: "10", behindHours: "24",
};

const optional = (text: string) => (text.trim() === "" ? undefined : text.trim());

function settingsOf(form: ChannelForm): ChannelSettings {
  switch (form.kind) {
    case "webhook":
      return { kind: "webhook", url: form.url.trim(), secret: form.secret };
    case "chat":
      return { kind: "chat", url: form.url.trim() };
    case "ntfy":
      return { kind: "ntfy", url: form.url.trim(), token: optional(form.token) };
    case "email":
      return {
        kind: "email", host: form.smtpHost.trim(), port: Number(form.smtpPort), secure: form.smtpSecure,
        user: optional(form.smtpUser), password: form.smtpPassword === "" ? undefined : form.smtpPassword,
        from: form.from.trim(), to: form.to.split(/[,\s]+/).filter(Boolean),
      };
  }
}

/** The POST body for the form; the server checks it and answers what is wrong in words. */
export function channelBody(form: ChannelForm): ChannelCreate {
  return {
    name: form.name.trim(),
    settings: settingsOf(form),
    events: form.events,
    offlineMinutes: Number(form.offlineMinutes),
    behindHours: Number(form.behindHours),
  };
}
