import type { ApiError } from "@/lib/protocol/api";

/**
 * The components' one way to call the dashboard's JSON API: a typed value, or a failure carrying
 * words to show (the server's own), the HTTP status and the request id the server logged it under.
 */
export interface ApiFailure {
  message: string;
  /** Null when the dashboard did not answer at all. */
  status: number | null;
  requestId: string | null;
}

export type ApiResult<T> = { ok: true; value: T } | { ok: false; error: ApiFailure };

interface CallOptions {
  signal?: AbortSignal;
}

export function apiGet<T>(path: string, options: CallOptions = {}): Promise<ApiResult<T>> {
  return call<T>(path, { method: "GET", ...options });
}

export function apiPost<T>(path: string, body?: unknown, options: CallOptions = {}): Promise<ApiResult<T>> {
  const json = body === undefined ? {} : { body: JSON.stringify(body), headers: { "content-type": "application/json" } };
  return call<T>(path, { method: "POST", ...json, ...options });
}

export function apiPatch<T>(path: string, body: unknown, options: CallOptions = {}): Promise<ApiResult<T>> {
  return call<T>(path, { method: "PATCH", body: JSON.stringify(body), headers: { "content-type": "application/json" }, ...options });
}

export function apiPut<T>(path: string, body: unknown, options: CallOptions = {}): Promise<ApiResult<T>> {
  return call<T>(path, { method: "PUT", body: JSON.stringify(body), headers: { "content-type": "application/json" }, ...options });
}

export function apiDelete<T>(path: string, options: CallOptions = {}): Promise<ApiResult<T>> {
  return call<T>(path, { method: "DELETE", ...options });
}

async function call<T>(path: string, init: RequestInit): Promise<ApiResult<T>> {
  let response: Response;
  try {
    response = await fetch(path, { cache: "no-store", ...init });
  } catch (error) {
    return { ok: false, error: { message: `The dashboard did not answer: ${String(error)}`, status: null, requestId: null } };
  }
  const body: unknown = await response.json().catch(() => null);
  if (response.ok) return { ok: true, value: body as T };
  return { ok: false, error: failureOf(response, body) };
}

function isApiError(body: unknown): body is Partial<ApiError> & { error: string } {
  return typeof body === "object" && body !== null && typeof (body as { error?: unknown }).error === "string";
}

/**
 * The words for a failed answer: its `{ error }` text, with the wait of a 429 (Retry-After) when
 * there is one, the request id of a failure of the dashboard's own, else the HTTP status.
 */
export function failureOf(response: Pick<Response, "status" | "headers">, body: unknown): ApiFailure {
  const requestId = isApiError(body) && typeof body.requestId === "string" ? body.requestId : null;
  // Messages start with a host name as often as not: their case is kept.
  let message = isApiError(body) ? body.error : null;
  if (response.status === 429) {
    const retry = Number.parseInt(response.headers.get("retry-after") ?? "", 10);
    const wait = Number.isFinite(retry) && retry > 0 ? ` Try again in ${retry} s.` : " Try again in a moment.";
    const text = (message ?? "too many requests").replace(/\.$/, "");
    message = /try again/i.test(text) ? `${text}.` : `${text}.${wait}`;
  } else if (message !== null && response.status >= 500 && requestId) {
    message = `${message} (request ${requestId})`;
  }
  return { message: message ?? `The dashboard answered HTTP ${response.status}.`, status: response.status, requestId };
}
