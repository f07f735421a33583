import { writeFileSync } from "node:fs";
import { chromium } from "playwright";

export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-quic",
];

export interface FleetPageResult {
  /** From navigation until the first `[data-host]` row is in the page, as the bench process saw it. */
  firstRowsMs: number;
  /**
   * The same by the page's own clock (from its navigation start until a mutation added the first
   * row): without the time the bench process and Playwright took to notice, which on a busy machine
   * is part of `firstRowsMs`.
   */
  firstRowsInPageMs: number | null;
  /** Rows in the page once they appeared and the page settled. */
  rows: number;
  /** Longest main-thread task while the page loaded (until `settleMs` after the first rows). */
  loadLongestTaskMs: number;
  /** Over the watched window, under the heartbeat rate the caller set. */
  longestTaskMs: number;
  tasksOver50ms: number;
  tasksOver100ms: number;
  watchedSeconds: number;
  /** Patch messages the page's socket received in the window (is it really live?). */
  patchMessages: number;
}

declare global {
  interface Window {
    __benchLongTasks?: number[];
    __benchPatchFrames?: number;
    __benchFirstRowAt?: number;
  }
}

/**
 * Opens the fleet page in Chromium with a session cookie and measures, with the Long Tasks API,
 * how long the main thread is blocked while patches arrive.
 */
export async function measureFleetPage(options: {
  url: string;
  cookie: { name: string; value: string };
  settleMs: number;
  watchMs: number;
  /** Called once the page is loaded and settled; resolves when the heartbeat rate is in place. */
  beforeWatch: () => Promise<void>;
  /**
   * When set, the page's main-thread CPU profile (load and watch) is written here (.cpuprofile), and
   * a screenshot of the table's middle beside it (-middle.png).
   */
  profileFile?: string | null;
}): Promise<FleetPageResult> {
  const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: CHROMIUM_ARGS });
  try {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    await context.addCookies([{ name: options.cookie.name, value: options.cookie.value, url: options.url }]);
    const page = await context.newPage();
    await page.addInitScript(() => {
      window.__benchLongTasks = [];
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) window.__benchLongTasks!.push(entry.duration);
      }).observe({ type: "longtask", buffered: true });
      const rows = new MutationObserver(() => {
        if (!document.querySelector("[data-host]")) return;
        window.__benchFirstRowAt = performance.now();
        rows.disconnect();
      });
      rows.observe(document, { childList: true, subtree: true });
    });
    // Count socket.io frames carrying patches, to show the page is receiving them.
    let patchFrames = 0;
    page.on("websocket", (socket) =>
      socket.on("framereceived", (frame) => {
        if (typeof frame.payload === "string" && frame.payload.includes('"fleet:patches"')) patchFrames += 1;
      }),
    );
    const cdp = options.profileFile ? await context.newCDPSession(page) : null;
    if (cdp) {
      await cdp.send("Profiler.enable");
      await cdp.send("Profiler.setSamplingInterval", { interval: 500 });
      await cdp.send("Profiler.start");
    }
    const started = Date.now();
    await page.goto(`${options.url}/`, { waitUntil: "commit" });
    await page.waitForSelector("[data-host]", { state: "attached", timeout: 120_000 });
    const firstRowsMs = Date.now() - started;
    const firstRowsInPageMs = await page.evaluate(() => window.__benchFirstRowAt ?? null);
    await page.waitForTimeout(options.settleMs);
    const rows = await page.evaluate(() => document.querySelectorAll("[data-host]").length);
    const loadTasks = await page.evaluate(() => {
      const tasks = window.__benchLongTasks ?? [];
      window.__benchLongTasks = [];
      return tasks;
    });
    await options.beforeWatch();
    patchFrames = 0;
    await page.evaluate(() => {
      window.__benchLongTasks = [];
    });
    const watchStarted = Date.now();
    await page.waitForTimeout(options.watchMs);
    const tasks = await page.evaluate(() => window.__benchLongTasks ?? []);
    if (cdp && options.profileFile) {
      const { profile } = await cdp.send("Profiler.stop");
      writeFileSync(options.profileFile, JSON.stringify(profile));
      // The table draws only the rows near the viewport: show that the middle of the fleet is drawn too.
      await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight / 2));
      await page.waitForTimeout(500);
      await page.screenshot({ path: options.profileFile.replace(/\.cpuprofile$/, "-middle.png") });
    }
    return {
      firstRowsMs,
      firstRowsInPageMs: firstRowsInPageMs === null ? null : Math.round(firstRowsInPageMs),
      rows,
      loadLongestTaskMs: Math.max(0, ...loadTasks),
      longestTaskMs: Math.max(0, ...tasks),
      tasksOver50ms: tasks.length,
      tasksOver100ms: tasks.filter((duration) => duration > 100).length,
      watchedSeconds: (Date.now() - watchStarted) / 1000,
      patchMessages: patchFrames,
    };
  } finally {
    await browser.close();
  }
}
