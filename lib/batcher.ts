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
  ) {}

  run(input: In): Promise<Out> {
    return new Promise<Out>((resolve, reject) => {
      if (this.pending.push({ input, resolve, reject }) === 1) setTimeout(() => void this.flush(), this.windowMs);
    });
  }

  private async flush(): Promise<void> {
    const batch = this.pending;
    this.pending = [];
    try {
      const outputs = await this.runBatch(batch.map((call) => call.input));
      batch.forEach((call, i) => call.resolve(outputs[i]!));
    } catch (error) {
      for (const call of batch) call.reject(error);
    }
  }
}
