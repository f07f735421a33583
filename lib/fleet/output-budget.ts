/** Output kept per command, in characters: a whole NixOS build log fits many times over. */
export const MAX_OUTPUT_CHARS_PER_COMMAND = 16 * 1024 * 1024;

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

  /** Takes the lines' characters from the command's budget; false, taking nothing, when they do not fit. */
  async take(commandId: string, lines: readonly { line: string }[]): Promise<boolean> {
    const size = lines.reduce((sum, { line }) => sum + line.length, 0);
    const known = this.used.get(commandId);
    const used = known ?? (await this.measure(commandId));
    // Measured while another message of the command was taken: the larger count is the true one.
    const current = Math.max(used, this.used.get(commandId) ?? 0);
    if (current + size > this.maxChars) return false;
    this.used.delete(commandId);
    this.used.set(commandId, current + size);
    if (this.used.size > this.maxTracked) this.used.delete(this.used.keys().next().value!);
    return true;
  }
}
