import { handleBulkRequest } from "./bulk-request";
import { handleCommandRequest } from "./command-request";
import { handleCommandStop } from "./command-stop";
import { handleCommandUnwatch } from "./command-unwatch";
import { handleCommandWatch } from "./command-watch";
import type { BrowserMessageHandlers } from "./context";
import { handleTargetRefresh } from "./target-refresh";

/** The handler of each event a browser sends (the events are browserMessageSchemas' keys). */
export const browserMessageHandlers: BrowserMessageHandlers = {
  "command:request": handleCommandRequest,
  "command:stop": handleCommandStop,
  "command:watch": handleCommandWatch,
  "command:unwatch": handleCommandUnwatch,
  "bulk:request": handleBulkRequest,
  "target:refresh": handleTargetRefresh,
};
