/**
 * Gathers the calls made within `windowMs` of the first and answers them with one batch call: a
 * reconnect storm of thousands of agents then costs a few statements, not one or two per agent. A
 * window of a few milliseconds, not one turn of the event loop: socket handlers are started one per
 * turn (see HandlerQueue), so one turn would hold one call.
 */
export class Batcher<In, Out> {
  private pending: { input: In; resolve(output: Out): void; reject(error: unknown): void }[] = [];

  constructor(
    private readonly runBatch: (inputs: In[]) => Promise<Out[]>,
    private readonly windowMs = 0,
    /** A batch this big is run at once, without waiting for the window (statements have a size limit). */
    private readonly maxBatch = Infinity,
  ) {}

  run(input: In): Promise<Out> {
    return new Promise<Out>((resolve, reject) => {
      const size = this.pending.push({ input, resolve, reject });
      if (size >= this.maxBatch) void this.flush();
      else if (size === 1) this.timer = setTimeout(() => void this.flush(), this.windowMs);
    });
  }

  private timer: NodeJS.Timeout | null = null;

  private async flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const batch = this.pending;
    this.pending = [];
    if (batch.length === 0) return;
    try {
      const outputs = await this.runBatch(batch.map((call) => call.input));
      batch.forEach((call, i) => call.resolve(outputs[i]!));
    } catch (error) {
      for (const call of batch) call.reject(error);
    }
  }
}
