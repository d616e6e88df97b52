import { createHook } from "node:async_hooks";

const KINDS = new Set(["TCPWRAP", "TLSWRAP", "TCPCONNECTWRAP", "Timeout", "Immediate"]);

/**
 * Records the sockets and timers created from now on and forgets each one Node destroys:
 * what is left after stop() is what the source leaked. (Counting getActiveResourcesInfo()
 * before and after would also see vitest's own timers come and go.)
 */
export function watchHandles() {
  const open = new Map<number, string>();
  let settling = false;
  const hook = createHook({
    init: (id, type) => void (!settling && KINDS.has(type) && open.set(id, type)),
    destroy: (id) => void open.delete(id),
  }).enable();
  return {
    /** Destroy hooks run on a later turn of the event loop: give them two, not counting our own immediates. */
    async leftOpen(): Promise<string[]> {
      settling = true;
      for (let i = 0; i < 2; i++) await new Promise((resolve) => setImmediate(resolve));
      settling = false;
      return [...open.values()];
    },
    disable: () => void hook.disable(),
  };
}
