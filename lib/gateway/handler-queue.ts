/**
 * Starts socket handlers one per turn of the event loop, in arrival order.
 *
 * A handler that reaches the store does its work in microtasks that run to the end before Node
 * looks at timers again. When ten thousand agents answer at once (a bulk run, a reconnect storm)
 * and every answer is started as it is read, one turn of the loop holds seconds to minutes of work:
 * the Socket.IO ping timers wait that long and every agent drops with "ping timeout", to reconnect
 * into an even bigger burst. Started one per turn (`setImmediate` from inside an immediate runs on
 * the next turn), the same work is done, but timers and reads get their turn between handlers.
 */
export class HandlerQueue {
  private readonly tasks: (() => void)[] = [];
  private scheduled = false;

  /** Runs `task` on a later turn of the event loop; resolves or rejects as it does. */
  run<T>(task: () => T | Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.tasks.push(() => {
        try {
          Promise.resolve(task()).then(resolve, reject);
        } catch (error) {
          reject(error);
        }
      });
      this.schedule();
    });
  }

  /** Handlers waiting to start. */
  get waiting(): number {
    return this.tasks.length;
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.next());
  }

  private next(): void {
    this.scheduled = false;
    this.tasks.shift()?.();
    if (this.tasks.length > 0) this.schedule();
  }
}
