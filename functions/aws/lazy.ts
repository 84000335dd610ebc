// Builds a handler's real dependencies on the first invocation, not at import time: SDK clients and config
// are made once per container, tests import handler files without touching AWS, and a failed start is retried.
export function lazyHandler<E, R>(build: () => Promise<(event: E) => Promise<R>>): (event: E) => Promise<R> {
  let ready: Promise<(event: E) => Promise<R>> | undefined;
  return async (event: E) => {
    ready ??= build().catch((error: unknown) => {
      ready = undefined;
      throw error;
    });
    return (await ready)(event);
  };
}
