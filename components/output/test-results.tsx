import { CircleCheckIcon, CircleMinusIcon, CircleXIcon, LoaderCircleIcon, type LucideIcon } from "lucide-react";
import { formatDuration } from "@/lib/ui/command-labels";
import { cn } from "@/lib/ui/cn";
import type { TestResult } from "@/lib/ui/output-buffer";

const STATES: Record<TestResult["state"], { icon: LucideIcon; words: string; className: string }> = {
  running: { icon: LoaderCircleIcon, words: "running", className: "text-info [&_svg]:animate-spin" },
  passed: { icon: CircleCheckIcon, words: "passed", className: "text-success" },
  failed: { icon: CircleXIcon, words: "failed", className: "text-danger" },
  stopped: { icon: CircleMinusIcon, words: "stopped", className: "text-unknown" },
};

/** Each test of a test run with its result, as the agent reported it. */
export function TestResults({ results }: { results: readonly TestResult[] }) {
  const failed = results.filter((result) => result.state === "failed").length;
  const passed = results.filter((result) => result.state === "passed").length;
  return (
    <section aria-label="Test results" data-test-results className="border-b border-border px-4 py-3 sm:px-5">
      <h3 className="mb-2 flex items-center gap-2 text-xs font-medium uppercase tracking-wide text-muted-foreground">
        Tests
        <span className="font-normal normal-case tracking-normal">
          {passed} passed · {failed} failed
        </span>
      </h3>
      <ul className="flex max-h-40 max-w-2xl flex-col gap-1 overflow-y-auto">
        {results.map((result) => {
          const { icon: Icon, words, className } = STATES[result.state];
          return (
            <li key={result.name} data-test={result.name} data-test-state={result.state} className="flex min-w-0 items-center gap-2 text-sm">
              <span className={cn("flex shrink-0 items-center", className)}>
                <Icon aria-hidden className="size-4" />
              </span>
              <span className="truncate font-mono text-[0.8rem]" title={result.name}>
                {result.name}
              </span>
              <span className="ml-auto shrink-0 text-xs text-muted-foreground">
                {words}
                {result.detail && ` (${result.detail})`}
                {result.durationMs !== null && ` · ${formatDuration(result.durationMs)}`}
              </span>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
