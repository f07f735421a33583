import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import type { TotpEnrolment } from "@/lib/protocol/users";

/** The QR code of a new TOTP secret, the secret to type by hand, and the field for its first code. */
export function TotpEnrolmentFields({ enrolment }: { enrolment: TotpEnrolment }) {
  return (
    <div className="flex flex-col gap-3">
      <p className="text-sm text-muted-foreground">
        Scan this with your authenticator app (or type the key), then enter the 6-digit code it shows.
      </p>
      <div className="flex flex-wrap items-center gap-4">
        <img src={enrolment.qrDataUrl} alt="QR code of your TOTP key" width={160} height={160} className="rounded-md bg-white p-1" data-totp-qr />
        <code className="break-all font-mono text-xs" data-totp-secret>
          {enrolment.secret}
        </code>
      </div>
      <div className="flex flex-col gap-2">
        <Label htmlFor="totp-code">Code</Label>
        <Input
          id="totp-code"
          name="code"
          type="text"
          inputMode="numeric"
          autoComplete="one-time-code"
          pattern="[0-9]{6}"
          maxLength={6}
          placeholder="6 digits"
          required
          className="font-mono tracking-widest placeholder:font-sans placeholder:tracking-normal"
        />
      </div>
    </div>
  );
}
