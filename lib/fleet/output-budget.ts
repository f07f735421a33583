/**
 * Output kept per command by default, in characters (NIXFLEET_OUTPUT_LIMIT_MIB): a whole NixOS build log
 * fits many times over, and so do a million lines of 60 characters.
 */
export const MAX_OUTPUT_CHARS_PER_COMMAND = 64 * 1024 * 1024;

/**
 * Bounds the output one command may store, so an agent cannot fill the dashboard's disk through its
 * own command. The size used so far is read from the store the first time a command is seen (so a
 * restart does not reset it) and kept in memory after that, for the most recent commands.
 */
export class OutputBudget {
  private readonly used = new Map<string, number>();

  constructor(
    private readonly measure: (commandId: string) => Promise<number>,
    readonly maxChars = MAX_OUTPUT_CHARS_PER_COMMAND,
    private readonly maxTracked = 10_000,
  ) {}

  /**
   * Whether the lines fit what is known of the command's budget, without waiting for the store: a
   * command not measured yet is given the benefit of the doubt (`take` decides when it is stored).
   */
  fits(commandId: string, lines: readonly { line: string }[]): boolean {
    const used = this.used.get(commandId);
    return used === undefined || used + lines.reduce((sum, { line }) => sum + line.length, 0) <= this.maxChars;
  }

  /**
   * Takes the longest run of the lines, from the first, that fits the command's budget, and says how
   * many it took and how much of the budget is left after them (-1 once it was spent with `spendAll`).
   * Once a line did not fit, the caller spends the rest so that nothing later is ever taken: a
   * command's output ends in one place.
   */
  async takeFitting(commandId: string, lines: readonly { line: string }[]): Promise<{ taken: number; left: number }> {
    const known = this.used.get(commandId);
    const measured = known ?? (await this.measure(commandId));
    // Measured while another message of the command was taken: the larger count is the true one.
    let used = Math.max(measured, this.used.get(commandId) ?? 0);
    let taken = 0;
    while (taken < lines.length && used + lines[taken]!.line.length <= this.maxChars) used += lines[taken++]!.line.length;
    this.remember(commandId, used);
    return { taken, left: this.maxChars - used };
  }

  /** Spends what is left of the command's budget, and one more: a budget spent so differs from one just filled. */
  spendAll(commandId: string): void {
    this.remember(commandId, this.maxChars + 1);
  }

  private remember(commandId: string, used: number): void {
    this.used.delete(commandId);
    this.used.set(commandId, used);
    if (this.used.size > this.maxTracked) this.used.delete(this.used.keys().next().value!);
  }
}
