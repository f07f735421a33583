/**
 * Where to go after signing in: the `callbackUrl` the login page was given when it is a path on
 * this dashboard, else the fleet page. Anything that could leave the origin ("//evil.example",
 * "https://…", "/\\evil.example", "javascript:…") falls back to "/". The checks apply to the path
 * as the browser will resolve it (dot segments collapsed, escapes decoded), since "/.//evil" only
 * becomes "//evil" then.
 */
export function safeCallbackPath(value: string | string[] | null | undefined, origin?: string): string {
  const raw = Array.isArray(value) ? value[0] : value;
  if (!raw) return "/";
  let candidate = raw.trim();
  // next-auth passes absolute callback URLs of the dashboard itself: keep their path.
  if (origin && candidate.startsWith(`${origin}/`)) candidate = candidate.slice(origin.length);
  if (!candidate.startsWith("/") || candidate.startsWith("//") || candidate.includes("\\")) return "/";
  if ([...candidate].some((char) => char.charCodeAt(0) < 0x20 || char.charCodeAt(0) === 0x7f)) return "/";
  try {
    const url = new URL(candidate, "http://dashboard.invalid");
    if (url.origin !== "http://dashboard.invalid") return "/";
    if (url.pathname.startsWith("//") || url.pathname.includes("\\")) return "/";
    if (url.pathname === "/login" || url.pathname.startsWith("/api/")) return "/";
    return `${url.pathname}${url.search}${url.hash}`;
  } catch {
    return "/";
  }
}

/**
 * next-auth's redirect rule: a URL on the dashboard's own origin, judged after the URL is resolved
 * (so "/.//evil.example" is the path "//evil.example", which a browser would take for another host),
 * else the dashboard's root.
 */
export function sameOriginRedirect(url: string, baseUrl: string): string {
  try {
    const target = new URL(url, baseUrl);
    if (target.origin !== new URL(baseUrl).origin || target.pathname.startsWith("//") || target.pathname.includes("\\")) return baseUrl;
    return target.href;
  } catch {
    return baseUrl;
  }
}
