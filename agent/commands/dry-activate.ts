import { MAX_PREVIEW_UNITS, UNIT_ACTIONS, type PreviewUnits, type UnitAction } from "../../lib/protocol/index";

/**
 * Reads what `nixos-rebuild dry-activate` prints (switch-to-configuration's dry-activate branch, the
 * Perl one and the Rust switch-to-configuration-ng alike), one line per action, units joined by ", ":
 *
 *   would stop the following units: accounts-daemon.service
 *   would activate the configuration...
 *   would reload the following units: dbus.service
 *   would restart the following units: polkit.service, sshd.service
 *   would start the following units: accounts-daemon.service
 *
 * "would NOT stop the following changed units" (units left running although they changed) is not an
 * action and is skipped.
 */
const LINE = /^would (stop|start|restart|reload) the following units: (.+)$/;

export function parseDryActivate(text: string): PreviewUnits {
  const units: Record<UnitAction, Set<string>> = { stop: new Set(), start: new Set(), restart: new Set(), reload: new Set() };
  for (const raw of text.split("\n")) {
    const match = LINE.exec(raw.trim());
    if (!match) continue;
    const action = match[1] as UnitAction;
    for (const unit of (match[2] ?? "").split(",")) {
      const name = unit.trim();
      if (name) units[action].add(name);
    }
  }
  return Object.fromEntries(UNIT_ACTIONS.map((action) => [action, [...units[action]].slice(0, MAX_PREVIEW_UNITS)])) as PreviewUnits;
}
