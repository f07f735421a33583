/** A commit as people read it: its first 7 characters. */
export function shortCommit(commit: string | null | undefined): string {
  return commit ? commit.slice(0, 7) : "–";
}

/**
 * A link to the commit on its forge, when the repository is an http(s) URL (GitHub, GitLab,
 * Gitea and Forgejo all use /commit/<sha>); null otherwise, so nothing unsafe becomes a link.
 */
export function commitUrl(repo: string | null | undefined, commit: string): string | null {
  if (!repo) return null;
  try {
    const url = new URL(repo.replace(/\/+$/, "").replace(/\.git$/, ""));
    if (url.protocol !== "https:" && url.protocol !== "http:") return null;
    url.pathname = `${url.pathname.replace(/\/+$/, "")}/commit/${encodeURIComponent(commit)}`;
    url.search = "";
    url.hash = "";
    return url.toString();
  } catch {
    return null;
  }
}

/** An http(s) URL as a link target, or null (a repo URL like git@host:x or file:// is shown as text). */
export function safeHttpUrl(value: string | null | undefined): string | null {
  if (!value) return null;
  try {
    const url = new URL(value);
    return url.protocol === "https:" || url.protocol === "http:" ? url.toString() : null;
  } catch {
    return null;
  }
}
