/**
 * The words to show for a failed API answer: its `{ error }` text, with the wait of a 429
 * (Retry-After) when there is one, else the HTTP status.
 */
export async function readApiError(response: Pick<Response, "status" | "headers" | "json">): Promise<string> {
  let message: string | null = null;
  try {
    const body: unknown = await response.json();
    if (body && typeof body === "object" && typeof (body as { error?: unknown }).error === "string") {
      message = (body as { error: string }).error;
    }
  } catch {
    // Not JSON: fall back to the status.
  }
  if (response.status === 429) {
    const retry = Number.parseInt(response.headers.get("retry-after") ?? "", 10);
    const wait = Number.isFinite(retry) && retry > 0 ? ` Try again in ${retry} s.` : " Try again in a moment.";
    const text = (message ?? "too many requests").replace(/\.$/, "");
    return /try again/i.test(text) ? `${text}.` : `${text}.${wait}`;
  }
  // Messages start with a host name as often as not: their case is kept.
  return message ?? `The dashboard answered HTTP ${response.status}.`;
}
