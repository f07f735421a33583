// Stands in for optional native modules (bufferutil, utf-8-validate) and supports-color in the
// bundled agent. It must throw: ws and debug then fall back to their pure JavaScript paths. A stub
// that returned {} would make ws call an undefined mask function on frames of 48 bytes or more.
throw new Error("optional module left out of the nixfleet-agent bundle");
