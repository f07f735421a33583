import { randomUUID } from "node:crypto";
import bcrypt from "bcryptjs";
import QRCode from "qrcode";
import speakeasy from "speakeasy";
import type { AuditLog } from "../audit/audit-log";
import type { AuditAction } from "../protocol/constants";
import type { Role } from "../protocol/roles";
import type { InviteCreated, SessionList, TotpEnrolment, UserList } from "../protocol/users";
import { ServiceError } from "../service-error";
import type { Store } from "../store/client";
import {
  countUsers,
  createInvite,
  findInvite,
  findUser,
  joinWithInvite,
  listUserSessions,
  listUsers,
  recordUserSession,
  updateUser,
} from "../store/users";
import { matchTotpStep } from "./credentials";
import type { SessionValidity } from "./session-validity";
import { INVITE_TTL_MS, inviteProblem, inviteTokenHash, newInviteToken, userChangeProblem, type UserChange } from "./user-rules";

/** bcrypt's cost for users' passwords (about 0.2 s a check here: slow to guess, quick enough to sign in). */
const PASSWORD_COST = 12;

/** Who acts, and from where: what every audit entry of a change carries. */
export interface Actor {
  user: string;
  ip: string;
}

/**
 * Users, invites, TOTP enrolment and sessions. Everything that takes a user's access away (a new role,
 * disabling, a TOTP reset) ends their sessions at once on every replica, through the session stamps.
 */
export class UserService {
  constructor(
    private readonly store: Store,
    private readonly sessions: SessionValidity,
    private readonly audit: AuditLog,
  ) {}

  /** Whether anyone besides the built-in admin can sign in (the login page then asks for a name). */
  async any(): Promise<boolean> {
    return (await countUsers(this.store)) > 0;
  }

  async list(now = new Date()): Promise<UserList> {
    const users = await listUsers(this.store);
    return {
      users: await Promise.all(
        users.map(async (user) => ({
          name: user.name,
          role: user.role,
          totpEnrolled: user.totpSecret !== null,
          disabled: user.disabledAt !== null,
          createdAt: user.createdAt.getTime(),
          createdBy: user.createdBy,
          activeSessions: (await this.sessionsOf(user.name, now)).sessions.filter((session) => session.active).length,
        })),
      ),
    };
  }

  /** A one-time link for a new user of `role`; `baseUrl` is the dashboard's address as the admin reaches it. */
  async invite(actor: Actor, role: Role, baseUrl: string, now = Date.now()): Promise<InviteCreated> {
    const { token, hash } = newInviteToken();
    const expiresAt = now + INVITE_TTL_MS;
    await createInvite(this.store, { tokenHash: hash, role, createdBy: actor.user, expiresAt: new Date(expiresAt) });
    await this.record(actor, "user.invite", "", { role, expiresAt: new Date(expiresAt).toISOString() });
    return { url: new URL(`/invite/${token}`, baseUrl).toString(), role, expiresAt };
  }

  /** Why the invite cannot be used, or null: the invite page says so before the form is filled in. */
  async inviteProblem(token: string, now = Date.now()): Promise<string | null> {
    return inviteProblem(await findInvite(this.store, inviteTokenHash(token)), now);
  }

  /** Creates the invited user with the password and the TOTP secret they proved they hold (one code). */
  async join(token: string, input: { name: string; password: string; totpSecret: string; code: string }, ip: string, now = Date.now()): Promise<void> {
    const problem = await this.inviteProblem(token, now);
    if (problem) throw new ServiceError("invalid", problem);
    if (matchTotpStep(input.code, input.totpSecret, now) === null) throw new ServiceError("invalid", "the code does not match: scan the QR code again and give the current code");
    const passwordHash = await bcrypt.hash(input.password, PASSWORD_COST);
    const outcome = await joinWithInvite(this.store, inviteTokenHash(token), { name: input.name, passwordHash, totpSecret: input.totpSecret }, new Date(now));
    if (outcome === "name-taken") throw new ServiceError("conflict", `the name "${input.name}" is taken: choose another`);
    if (outcome === "invite-gone") throw new ServiceError("invalid", "this invite link was already used");
    await this.record({ user: input.name, ip }, "user.join", input.name, {});
  }

  async totpEnrolled(name: string): Promise<boolean> {
    return (await findUser(this.store, name))?.totpSecret != null;
  }

  /** A fresh TOTP secret for `name` to scan. Nothing is stored until a code of it is confirmed. */
  async newTotpEnrolment(name: string): Promise<TotpEnrolment> {
    const secret = speakeasy.generateSecret({ length: 20, name: `NixFleet (${name})`, issuer: "NixFleet" });
    return { secret: secret.base32, qrDataUrl: await QRCode.toDataURL(secret.otpauth_url ?? "", { margin: 1, width: 200 }) };
  }

  /** The caller's own enrolment (after an admin reset it): the code proves they scanned the secret. */
  async enrolTotp(actor: Actor, totpSecret: string, code: string, now = Date.now()): Promise<void> {
    const user = await findUser(this.store, actor.user);
    if (!user) throw new ServiceError("invalid", "only users of the users page enrol TOTP here: the built-in admin's is NIXFLEET_TOTP_SECRET");
    if (user.totpSecret !== null) throw new ServiceError("conflict", "TOTP is already enrolled: an administrator can reset it");
    if (matchTotpStep(code, totpSecret, now) === null) throw new ServiceError("invalid", "the code does not match: scan the QR code again and give the current code");
    await updateUser(this.store, actor.user, { totpSecret });
    await this.record(actor, "user.totp-enrol", actor.user, {});
  }

  async changeRole(actor: Actor, name: string, role: Role): Promise<void> {
    await this.change(actor, name, { role }, { role }, "user.role", { role });
  }

  async setDisabled(actor: Actor, name: string, disabled: boolean, now = Date.now()): Promise<void> {
    await this.change(actor, name, { disabled }, { disabledAt: disabled ? new Date(now) : null }, disabled ? "user.disable" : "user.enable", {});
  }

  async resetTotp(actor: Actor, name: string): Promise<void> {
    await this.change(actor, name, "reset-totp", { totpSecret: null }, "user.totp-reset", {});
  }

  async endSessions(actor: Actor, name: string): Promise<void> {
    const problem = userChangeProblem(actor.user, name, "end-sessions");
    if (problem) throw new ServiceError("conflict", problem);
    if (!(await findUser(this.store, name))) throw new ServiceError("not-found", `no user "${name}"`);
    await this.sessions.endSessions(name);
    await this.record(actor, "user.sessions-end", name, {});
  }

  async sessionsOf(name: string, now = new Date()): Promise<SessionList> {
    const rows = await listUserSessions(this.store, name, now);
    return {
      user: name,
      sessions: await Promise.all(
        rows.map(async (row) => ({
          id: row.id,
          startedAt: row.startedAt.getTime(),
          expiresAt: row.expiresAt.getTime(),
          sourceIp: row.sourceIp,
          active: await this.sessions.isCurrent(name, row.startedAt.getTime(), now.getTime()),
        })),
      ),
    };
  }

  /** Lists a sign-in that just happened. */
  async recordSession(user: string, startedAt: number, expiresAt: number, sourceIp: string): Promise<void> {
    await recordUserSession(this.store, { id: randomUUID(), user, startedAt: new Date(startedAt), expiresAt: new Date(expiresAt), sourceIp });
  }

  private async change(
    actor: Actor,
    name: string,
    rule: UserChange,
    update: Parameters<typeof updateUser>[2],
    action: AuditAction,
    detail: Record<string, string>,
  ): Promise<void> {
    const problem = userChangeProblem(actor.user, name, rule);
    if (problem) throw new ServiceError("conflict", problem);
    if (!(await updateUser(this.store, name, update))) throw new ServiceError("not-found", `no user "${name}"`);
    // The user's cookies carry the old role (or belong to a disabled account): none of them may count any more.
    await this.sessions.endSessions(name);
    await this.record(actor, action, name, detail);
  }

  private record(actor: Actor, action: AuditAction, target: string, detail: Record<string, string>): Promise<void> {
    return this.audit.record({ actor: actor.user, action, target, sourceIp: actor.ip, detail });
  }
}
