import { commandRoom, type BrowserMessageContext } from "./context";

/** `command:unwatch`: no more of the command's output. */
export async function handleCommandUnwatch({ leave }: Pick<BrowserMessageContext, "leave">, { commandId }: { commandId: string }): Promise<void> {
  await leave(commandRoom(commandId));
}
