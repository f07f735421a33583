/**
 * Starts socket handlers one per turn of the event loop, in arrival order.
 *
 * A handler that reaches the store does its work in microtasks that run to the end before Node
 * looks at timers again. When ten thousand agents answer at once (a bulk run, a reconnect storm)
 * and every answer is started as it is read, one turn of the loop holds seconds to minutes of work:
 * the Socket.IO ping timers wait that long and every agent drops with "ping timeout", to reconnect
 * into an even bigger burst. Started one per turn (`setImmediate` from inside an immediate runs on
 * the next turn), the same work is done, but timers and reads get their turn between handlers.
 *
 * A task given a `staleAfterMs` that waited longer than that is skipped instead (its `run` resolves
 * to `undefined`): its sender has stopped waiting for the answer and sends again, so under overload
 * the dashboard works on what is still wanted instead of on an ever longer backlog of repeats.
 */
export class HandlerQueue {
  private tasks: ({ staleAt: number; start: () => void; skip: () => void } | undefined)[] = [];
  private head = 0;
  private scheduled = false;
  /** Tasks skipped because they went stale. */
  skipped = 0;

  /**
   * Runs `task` on a later turn of the event loop; resolves or rejects as it does, or to undefined
   * when it waited longer than `staleAfterMs` and was skipped.
   */
  run<T>(task: () => T | Promise<T>, staleAfterMs = Number.POSITIVE_INFINITY): Promise<T | undefined> {
    return new Promise<T | undefined>((resolve, reject) => {
      this.tasks.push({
        staleAt: Date.now() + staleAfterMs,
        start: () => {
          try {
            Promise.resolve(task()).then(resolve, reject);
          } catch (error) {
            reject(error);
          }
        },
        skip: () => resolve(undefined),
      });
      this.schedule();
    });
  }

  /** Handlers waiting to start. */
  get waiting(): number {
    return this.tasks.length - this.head;
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.next());
  }

  private next(): void {
    this.scheduled = false;
    const now = Date.now();
    // Skipping is cheap: skip every stale task now, start the first fresh one.
    while (this.head < this.tasks.length) {
      const task = this.tasks[this.head];
      this.tasks[this.head++] = undefined;
      if (!task) continue;
      if (now > task.staleAt) {
        this.skipped += 1;
        task.skip();
        continue;
      }
      task.start();
      break;
    }
    // Array.shift is O(n) on a long array: a head index, with the array compacted now and then.
    if (this.head > 1024 && this.head * 2 > this.tasks.length) {
      this.tasks = this.tasks.slice(this.head);
      this.head = 0;
    }
    if (this.waiting > 0) this.schedule();
  }
}
