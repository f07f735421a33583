import { describe, expect, it } from "vitest";
import { channelCreateSchema } from "@/lib/protocol/notifications";
import { channelBody, EMPTY_CHANNEL_FORM } from "./channel-form";

describe("channelBody", () => {
  it("turns an e-mail form into settings the API accepts, recipients split on commas and spaces", () => {
    const body = channelBody({
      ...EMPTY_CHANNEL_FORM, name: " Ops mail ", kind: "email", smtpHost: "smtp.example.org", smtpPort: "465", smtpSecure: true,
      smtpUser: "fleet", smtpPassword: "pw", from: "fleet@example.org", to: "a@example.org, b@example.org  c@example.org",
    });
    expect(body).toMatchObject({ name: "Ops mail", settings: { kind: "email", port: 465, secure: true, to: ["a@example.org", "b@example.org", "c@example.org"] } });
    expect(channelCreateSchema.safeParse(body).success).toBe(true);
  });

  it("leaves out an empty ntfy token, and the API refuses a webhook without a long enough secret", () => {
    expect(channelBody({ ...EMPTY_CHANNEL_FORM, name: "n", kind: "ntfy", url: "https://ntfy.sh/fleet" }).settings).toEqual({ kind: "ntfy", url: "https://ntfy.sh/fleet", token: undefined });
    const webhook = channelCreateSchema.safeParse(channelBody({ ...EMPTY_CHANNEL_FORM, name: "w", url: "https://hooks.example.org/x", secret: "short" }));
    expect(webhook.success).toBe(false);
  });
});
