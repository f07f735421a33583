import type { RepoUrlSource } from "../lib/protocol/index";
import type { AgentOptions } from "./cli";
import type { Logger } from "./log";
import { originUrl } from "./repo";

/** The repository the agent clones in isolated mode (or reports, when it works in a checkout), and why that one. */
export interface RepoUrlChoice {
  url: string | null;
  source: RepoUrlSource;
}

export interface RepoUrlCandidates {
  /** --repo-url / NIXFLEET_REPO_URL. */
  option: string | null;
  /** version.json's `repo`, as the dashboard passed it at registration. */
  fleetRepo: string | null;
  /** `origin` of the host's configuration checkout (/etc/nixos, --repo-dir, …). */
  checkoutOrigin: string | null;
  /** `origin` of the agent's own clone, made by an earlier run. */
  cloneOrigin: string | null;
}

/**
 * The seed calls repoUrl "usually auto-detected": what the user set wins, then the fleet target the
 * dashboard follows, then the origin of the host's own checkout, then the clone an earlier run made.
 */
export function chooseRepoUrl(candidates: RepoUrlCandidates): RepoUrlChoice {
  const order: [RepoUrlSource, string | null][] = [
    ["option", candidates.option],
    ["fleet-target", candidates.fleetRepo],
    ["checkout", candidates.checkoutOrigin],
    ["clone", candidates.cloneOrigin],
  ];
  for (const [source, url] of order) if (url) return { url, source };
  return { url: null, source: "none" };
}

export const MISSING_REPO_URL_HINT =
  "set repoUrl (--repo-url, NIXFLEET_REPO_URL or the module's repoUrl), publish `repo` in the dashboard's version.json, " +
  "or give the host a configuration checkout with an origin";

/** The dashboard's word is checked like any input: one printable line, or nothing. */
function usableUrl(text: string | null): string | null {
  return text !== null && /^[^\p{Cc}\s]{1,500}$/u.test(text) ? text : null;
}

type ResolverSettings = Pick<AgentOptions, "isolatedRepoMode" | "repoUrl" | "repoDir" | "checkoutDir">;

/**
 * Knows the agent's repository URL as the candidates change: read at start, and again whenever the
 * dashboard names its fleet target at registration. Says in the log where the URL came from.
 */
export class RepoUrlResolver {
  private candidates: RepoUrlCandidates;
  /** Null until the first refresh, so that the first choice is always logged, "none" included. */
  private choice: RepoUrlChoice | null = null;

  constructor(
    private readonly settings: ResolverSettings,
    private readonly log: Logger,
  ) {
    this.candidates = { option: settings.repoUrl, fleetRepo: null, checkoutOrigin: null, cloneOrigin: null };
  }

  current(): RepoUrlChoice {
    return this.choice ?? { url: null, source: "none" };
  }

  /** Reads the checkouts' origins again and takes `fleetRepo` (undefined: keep the last known); true when the choice changed. */
  async refresh(fleetRepo?: string | null): Promise<boolean> {
    const { checkoutDir, repoDir, isolatedRepoMode } = this.settings;
    const [checkoutOrigin, cloneOrigin] = await Promise.all([
      checkoutDir === null ? null : originUrl(checkoutDir),
      isolatedRepoMode && repoDir !== null ? originUrl(repoDir) : null,
    ]);
    this.candidates = {
      ...this.candidates,
      // Outside isolated mode the agent works in its checkout: nothing else names its repository.
      fleetRepo: isolatedRepoMode ? (fleetRepo === undefined ? this.candidates.fleetRepo : usableUrl(fleetRepo)) : null,
      checkoutOrigin,
      cloneOrigin,
    };
    const next = chooseRepoUrl(this.candidates);
    const changed = next.url !== this.choice?.url || next.source !== this.choice.source;
    this.choice = next;
    if (changed) this.report(next);
    return changed;
  }

  private report(choice: RepoUrlChoice): void {
    if (choice.url !== null) {
      this.log.info("repo_url.chosen", { url: choice.url, source: choice.source });
    } else if (this.settings.isolatedRepoMode) {
      this.log.warn("repo_url.missing", { checkout: this.settings.checkoutDir ?? "none", hint: MISSING_REPO_URL_HINT });
    }
  }
}
