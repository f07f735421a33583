import { randomBytes, randomUUID } from "node:crypto";
import type { AuditLog } from "../audit/audit-log";
import { API_TOKEN_SCOPES, type ApiTokenScope, type ApiTokenView, type IssuedApiToken } from "../protocol/api-tokens";
import type { Store } from "../store/client";
import { createApiToken, findActiveApiToken, listApiTokens, markApiTokenUsed, revokeApiToken, type StoredApiToken } from "../store/api-tokens";
import { ServiceError } from "../service-error";
import { hashToken } from "./agent-token";

/** Marks API tokens apart from host tokens in logs and secret scanners. */
const TOKEN_PREFIX = "nfa_";
/** Last-used times are written at most this often per token: a scrape every 15 s is not a write every 15 s. */
const LAST_USED_RESOLUTION_MS = 60_000;

/** Who called with an API token: the token's name and id, never the token. */
export interface ApiTokenCaller {
  id: string;
  name: string;
  scope: ApiTokenScope;
}

export type ApiTokenCheck =
  | { ok: true; caller: ApiTokenCaller }
  | { ok: false; status: 401 | 403; reason: string };

/** The token of an `Authorization: Bearer <token>` header, or null when the header is not one. */
export function bearerToken(authorization: string | null | undefined): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? "");
  return match ? match[1]! : null;
}

/** Creates, lists, revokes and checks API tokens; creating and revoking are audited. */
export class ApiTokenService {
  constructor(
    private readonly store: Store,
    private readonly audit: AuditLog,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** A new token with these scopes; the answer is the only time the token is readable. */
  async create(name: string, scopes: readonly ApiTokenScope[], actor: string, sourceIp: string): Promise<IssuedApiToken> {
    const token = TOKEN_PREFIX + randomBytes(32).toString("base64url");
    const stored = await createApiToken(this.store, {
      id: randomUUID(), name, scopes: [...new Set(scopes)].sort(), hash: hashToken(token), createdBy: actor,
    });
    await this.audit.record({ actor, action: "token.api-create", target: name, sourceIp, detail: { id: stored.id, scopes: stored.scopes.join(",") } });
    return { token, view: viewOf(stored) };
  }

  async list(): Promise<ApiTokenView[]> {
    return (await listApiTokens(this.store)).map(viewOf);
  }

  async revoke(id: string, actor: string, sourceIp: string): Promise<void> {
    if ((await revokeApiToken(this.store, id)) === 0) throw new ServiceError("not-found", "no active API token with this id");
    await this.audit.record({ actor, action: "token.api-revoke", target: id, sourceIp });
  }

  /**
   * Whether an `Authorization` header carries an active token that holds `scope`. A token never
   * stands for anything but its scopes: the caller is the token, not a user with a role.
   */
  async authenticate(authorization: string | null | undefined, scope: ApiTokenScope): Promise<ApiTokenCheck> {
    const token = bearerToken(authorization);
    if (!token) return { ok: false, status: 401, reason: "expected Authorization: Bearer <API token>" };
    const stored = await findActiveApiToken(this.store, hashToken(token));
    if (!stored) return { ok: false, status: 401, reason: "unknown or revoked API token" };
    if (!stored.scopes.includes(scope)) return { ok: false, status: 403, reason: `this API token lacks the ${scope} scope` };
    const now = this.now();
    if (!stored.lastUsedAt || now.getTime() - stored.lastUsedAt.getTime() >= LAST_USED_RESOLUTION_MS) {
      await markApiTokenUsed(this.store, stored.id, now);
    }
    return { ok: true, caller: { id: stored.id, name: stored.name, scope } };
  }
}

function viewOf(token: StoredApiToken): ApiTokenView {
  return {
    id: token.id,
    name: token.name,
    scopes: API_TOKEN_SCOPES.filter((scope) => token.scopes.includes(scope)),
    createdBy: token.createdBy,
    createdAt: token.createdAt.getTime(),
    lastUsedAt: token.lastUsedAt?.getTime() ?? null,
    revokedAt: token.revokedAt?.getTime() ?? null,
  };
}
