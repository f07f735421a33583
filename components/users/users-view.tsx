"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";
import { DataTable } from "@/components/ui/data-table";
import { ErrorAlert } from "@/components/ui/error-alert";
import { NativeSelect } from "@/components/ui/native-select";
import { useSignedIn } from "@/components/auth/signed-in-context";
import type { OkReply } from "@/lib/protocol/api";
import { ROLES, type Role } from "@/lib/protocol/roles";
import type { InviteCreated, SessionList, UserList, UserView } from "@/lib/protocol/users";
import { apiDelete, apiGet, apiPatch, apiPost, type ApiResult } from "@/lib/ui/api-client";
import { ROLE_LABELS } from "@/lib/ui/role-labels";

const userPath = (name: string, rest = "") => `/api/users/${encodeURIComponent(name)}${rest}`;

function RoleSelect({ value, onChange, disabled, label }: { value: Role; onChange: (role: Role) => void; disabled?: boolean; label: string }) {
  return (
    <NativeSelect aria-label={label} value={value} disabled={disabled} onChange={(event) => onChange(event.currentTarget.value as Role)} className="w-32">
      {ROLES.map((role) => (
        <option key={role} value={role} title={ROLE_LABELS[role].description}>
          {ROLE_LABELS[role].label}
        </option>
      ))}
    </NativeSelect>
  );
}

function InviteForm({ onError }: { onError: (message: string | null) => void }) {
  const [role, setRole] = useState<Role>("viewer");
  const [invite, setInvite] = useState<InviteCreated | null>(null);
  const create = async () => {
    onError(null);
    const result = await apiPost<InviteCreated>("/api/users", { role });
    if (result.ok) setInvite(result.value);
    else onError(`Could not create the invite: ${result.error.message}`);
  };
  return (
    <section aria-label="Invite" className="flex flex-col gap-3 rounded-xl border border-border bg-card p-4">
      <div className="flex flex-wrap items-center gap-2">
        <span className="text-sm font-medium">Invite someone as</span>
        <RoleSelect label="Role of the invited user" value={role} onChange={setRole} />
        <Button size="sm" onClick={create}>
          Create invite link
        </Button>
      </div>
      {invite && (
        <div className="flex flex-col gap-1.5 text-sm" data-invite-link>
          <p className="text-muted-foreground">
            Send this link to the person (it works once, until {new Date(invite.expiresAt).toLocaleString()}); it is not shown again.
          </p>
          <div className="flex items-center gap-2">
            <code className="break-all rounded-md border border-border bg-muted/40 px-2 py-1 font-mono text-xs" data-invite-url>
              {invite.url}
            </code>
            <CopyButton text={invite.url} />
          </div>
        </div>
      )}
    </section>
  );
}

function SessionsList({ name }: { name: string }) {
  const [list, setList] = useState<SessionList | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = async () => {
    const result = await apiGet<SessionList>(userPath(name, "/sessions"));
    if (result.ok) setList(result.value);
    else setError(result.error.message);
  };
  if (!list) {
    return (
      <Button variant="ghost" size="xs" onClick={load}>
        {error ?? "Show sessions"}
      </Button>
    );
  }
  return (
    <ul className="flex flex-col gap-0.5 text-xs text-muted-foreground" data-sessions-of={name}>
      {list.sessions.length === 0 && <li>No sessions.</li>}
      {list.sessions.map((session) => (
        <li key={session.id} data-session-active={session.active}>
          {new Date(session.startedAt).toLocaleString()} from {session.sourceIp || "?"} · {session.active ? "active" : "ended"}
        </li>
      ))}
    </ul>
  );
}

function UserRow({ user, self, act }: { user: UserView; self: boolean; act: (call: Promise<ApiResult<OkReply>>, what: string) => Promise<void> }) {
  return (
    <tr className="border-b border-border last:border-0 align-top" data-user={user.name}>
      <th scope="row" className="px-4 py-2.5 text-left font-medium sm:px-5">
        {user.name}
        <div className="text-xs font-normal text-muted-foreground">invited by {user.createdBy}</div>
      </th>
      <td className="px-3 py-2">
        <RoleSelect
          label={`Role of ${user.name}`}
          value={user.role}
          disabled={self}
          onChange={(role) => act(apiPatch<OkReply>(userPath(user.name), { role }), `change the role of ${user.name}`)}
        />
      </td>
      <td className="px-3 py-2 text-xs">
        <div className="flex flex-col items-start gap-1">
          <span data-totp-state={user.totpEnrolled ? "enrolled" : "none"}>{user.totpEnrolled ? "Enrolled" : "Not enrolled"}</span>
          {user.totpEnrolled && (
            <Button variant="outline" size="xs" onClick={() => act(apiDelete<OkReply>(userPath(user.name, "/totp")), `reset the TOTP of ${user.name}`)}>
              Reset TOTP
            </Button>
          )}
        </div>
      </td>
      <td className="px-3 py-2 text-xs">
        <div className="flex flex-col items-start gap-1">
          <span data-user-state={user.disabled ? "disabled" : "active"}>{user.disabled ? "Disabled" : "Active"}</span>
          <span title={self ? "You cannot disable yourself" : undefined}>
            <Button
              variant="outline"
              size="xs"
              disabled={self}
              onClick={() => act(apiPatch<OkReply>(userPath(user.name), { disabled: !user.disabled }), `${user.disabled ? "enable" : "disable"} ${user.name}`)}
            >
              {user.disabled ? "Enable" : "Disable"}
            </Button>
          </span>
        </div>
      </td>
      <td className="px-3 py-2 text-xs">
        <div className="flex flex-col items-start gap-1">
          <span data-active-sessions={user.activeSessions}>{user.activeSessions} active</span>
          <Button variant="outline" size="xs" onClick={() => act(apiDelete<OkReply>(userPath(user.name, "/sessions")), `end the sessions of ${user.name}`)}>
            End sessions
          </Button>
          <SessionsList name={user.name} />
        </div>
      </td>
    </tr>
  );
}

/** The users page: invite, change role, disable, reset TOTP, see and end sessions. */
export function UsersView({ initial }: { initial: UserList }) {
  const me = useSignedIn();
  const [list, setList] = useState(initial);
  const [error, setError] = useState<string | null>(null);

  const act = async (call: Promise<ApiResult<OkReply>>, what: string) => {
    setError(null);
    const result = await call;
    if (!result.ok) setError(`Could not ${what}: ${result.error.message}`);
    const reloaded = await apiGet<UserList>("/api/users");
    if (reloaded.ok) setList(reloaded.value);
  };

  return (
    <div className="flex flex-col gap-4">
      <div className="flex flex-col gap-1.5">
        <h1 className="text-xl font-semibold tracking-tight">Users</h1>
        <p className="max-w-3xl text-sm text-muted-foreground">
          Viewers read the fleet, its history and output; operators also run commands and manage host tokens; admins also manage
          users. A new role, disabling and a TOTP reset end the user&apos;s sessions at once. The built-in admin
          (NIXFLEET_PASSWORD_HASH) is not listed.
        </p>
      </div>
      <InviteForm onError={setError} />
      <ErrorAlert>{error}</ErrorAlert>
      <DataTable
        caption="Users"
        columns={["User", "Role", "TOTP", "Account", "Sessions"]}
        isEmpty={list.users.length === 0}
        empty="No users yet: invite someone above."
      >
        {list.users.map((user) => (
          <UserRow key={user.name} user={user} self={user.name === me.user} act={act} />
        ))}
      </DataTable>
    </div>
  );
}
