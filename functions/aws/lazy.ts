// Builds a handler's real dependencies on the first invocation, not at import time: SDK clients and config
// are made once per container, tests import handler files without touching AWS, and a failed start is retried.
import { once } from '../core/once.js';

export function lazyHandler<E, R>(build: () => Promise<(event: E) => Promise<R>>): (event: E) => Promise<R> {
  const ready = once(build);
  return async (event: E) => (await ready())(event);
}
