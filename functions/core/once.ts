// Load once, share the promise: the SDK modules, a handler's wiring, the deployed config and an adapter's client
// are each made on first use and reused for the life of the process (a Lambda container). A failed load is
// forgotten, so one transient failure (a throttled read, a cold network) is retried instead of kept forever.

/**
 * A function that runs `load` on its first call and gives every caller the same promise; concurrent first
 * callers share one load. When the load fails (rejects or throws), those waiting on it get the error and the
 * next call starts a new load.
 */
export function once<T>(load: () => Promise<T>): () => Promise<T> {
  let loading: Promise<T> | undefined;
  return () => {
    // new Promise turns a load that throws before returning its promise into a rejection, forgotten the same way.
    loading ??= new Promise<T>((resolve) => resolve(load())).catch((error: unknown) => {
      loading = undefined;
      throw error;
    });
    return loading;
  };
}
