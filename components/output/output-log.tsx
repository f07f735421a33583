"use client";

import { ArrowDownIcon } from "lucide-react";
import { Fragment, memo, useCallback, useLayoutEffect, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import type { OutputLine } from "@/lib/protocol/browser";
import { cn } from "@/lib/ui/cn";

/** Within this many pixels of the bottom counts as "at the bottom": the log keeps following. */
const STICK_DISTANCE = 32;

const STREAM_CLASSES: Record<OutputLine["stream"], string> = {
  stdout: "",
  stderr: "bg-danger/8 text-danger-foreground",
  system: "text-info-foreground italic before:mr-2 before:not-italic before:text-info before:content-['›']",
};

/** A block of lines; finished blocks never change, so React skips them. */
const OutputBlock = memo(function OutputBlock({ lines, previousSeq }: { lines: readonly OutputLine[]; previousSeq: number }) {
  let before = previousSeq;
  return lines.map((line) => {
    const gap = before > 0 && line.seq > before + 1 ? line.seq - before - 1 : 0;
    before = line.seq;
    return (
      <Fragment key={line.seq}>
        {gap > 0 && (
          <div data-gap className="my-1 border-y border-dashed border-border py-0.5 text-center font-sans text-xs text-muted-foreground">
            {gap === 1 ? "1 line" : `${gap} lines`} not shown here: download the output to read everything
          </div>
        )}
        <div
          data-seq={line.seq}
          data-stream={line.stream}
          className={cn("min-h-[1.45em] whitespace-pre-wrap break-words px-4", STREAM_CLASSES[line.stream])}
        >
          {line.line}
        </div>
      </Fragment>
    );
  });
});

/**
 * The lines of a command as they arrive. Follows the newest line until the user scrolls up; then
 * a "Jump to latest" button brings it back.
 */
export function OutputLog({ blocks, emptyText }: { blocks: readonly (readonly OutputLine[])[]; emptyText: string }) {
  const scroller = useRef<HTMLDivElement>(null);
  // The scroll handler and the effect below read it; the state only decides what is drawn.
  const followingRef = useRef(true);
  const [following, setFollowing] = useState(true);
  const [unseen, setUnseen] = useState(false);

  const follow = useCallback((value: boolean) => {
    followingRef.current = value;
    setFollowing(value);
    if (value) setUnseen(false);
  }, []);

  const onScroll = useCallback(() => {
    const element = scroller.current;
    if (!element) return;
    follow(element.scrollHeight - element.scrollTop - element.clientHeight <= STICK_DISTANCE);
  }, [follow]);

  useLayoutEffect(() => {
    const element = scroller.current;
    if (!element) return;
    if (followingRef.current) element.scrollTop = element.scrollHeight;
    // New lines below where the user is reading: the button says so, and the view stays put.
    else setUnseen(true);
  }, [blocks]);

  const jumpToLatest = () => {
    const element = scroller.current;
    if (!element) return;
    element.scrollTop = element.scrollHeight;
    follow(true);
  };

  const empty = blocks.length === 0;
  return (
    <div className="relative flex min-h-0 flex-1 flex-col">
      <div
        ref={scroller}
        onScroll={onScroll}
        role="log"
        aria-label="Output"
        aria-live="off"
        tabIndex={0}
        className="min-h-0 flex-1 overflow-y-auto bg-surface py-3 font-mono text-[0.78rem] leading-[1.45] outline-none focus-visible:ring-[3px] focus-visible:ring-inset focus-visible:ring-ring/50"
      >
        <div data-output>
          {blocks.map((lines, index) => (
            <OutputBlock key={lines[0]?.seq ?? index} lines={lines} previousSeq={blocks[index - 1]?.at(-1)?.seq ?? 0} />
          ))}
        </div>
        {empty && <p className="px-4 font-sans text-sm text-muted-foreground">{emptyText}</p>}
      </div>
      {!following && (
        <Button
          size="sm"
          variant={unseen ? "default" : "outline"}
          onClick={jumpToLatest}
          className="absolute bottom-4 left-1/2 -translate-x-1/2 rounded-full shadow-lg"
        >
          <ArrowDownIcon aria-hidden />
          Jump to latest
        </Button>
      )}
    </div>
  );
}
