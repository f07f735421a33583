import type { Generation } from "../lib/protocol/index";

/**
 * What the dashboard knows of the host's generations. They go with every registration, and again
 * (`host:generations`) whenever they differ from what the dashboard last took: after a switch or a
 * rollback, or when anything else changed the profile. The connection asks with every heartbeat
 * (one directory read), and a command's end sends a heartbeat at once.
 */
export class GenerationsReport {
  private offered: string | null = null;
  private delivered: string | null = null;

  constructor(private readonly read: () => Generation[]) {}

  /** For a register message: the generations now (taken as delivered once the registration is). */
  forRegistration(): Generation[] {
    const generations = this.read();
    this.offered = JSON.stringify(generations);
    return generations;
  }

  /** The dashboard accepted the registration that carried the generations last offered. */
  registered(): void {
    this.delivered = this.offered;
  }

  /** The generations, if they differ from what the dashboard last took; null otherwise. */
  changed(): Generation[] | null {
    const generations = this.read();
    return JSON.stringify(generations) === this.delivered ? null : generations;
  }

  /** The dashboard took these. */
  taken(generations: readonly Generation[]): void {
    this.delivered = JSON.stringify(generations);
  }
}
