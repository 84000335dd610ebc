// Typed errors with stable codes. Messages start with the stage ("fetch: ...") and say what to do.

export type ErrorCode =
  | 'CONFIG_INVALID'
  | 'USAGE'
  | 'FEED_BLOCKED_ADDRESS'
  | 'FEED_UNSUPPORTED_SCHEME'
  | 'FEED_TOO_LARGE'
  | 'FEED_TIMEOUT'
  | 'FEED_TOO_MANY_REDIRECTS'
  | 'FEED_HTTP_STATUS'
  | 'FEED_INVALID'
  | 'FEED_NETWORK'
  | 'FEED_DEFERRED'
  | 'FEED_NOT_FOUND'
  | 'STORE_NOT_FOUND'
  | 'STORE_PRECONDITION'
  | 'STORE_FAILED'
  | 'MAIL_FAILED'
  | 'MAIL_THROTTLED'
  | 'TOKEN_INVALID'
  | 'INPUT_INVALID'
  | 'RATE_LIMITED'
  | 'TEMPLATE_INVALID';

export class TallyError extends Error {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'TallyError';
    this.code = code;
  }
}

/** Bad configuration or bad input given by the user: the CLI exits 2. */
export class ConfigError extends TallyError {
  constructor(message: string, options?: ErrorOptions) {
    super('CONFIG_INVALID', message, options);
    this.name = 'ConfigError';
  }
}

export class UsageError extends TallyError {
  constructor(message: string, options?: ErrorOptions) {
    super('USAGE', message, options);
    this.name = 'UsageError';
  }
}

/** A per-feed failure. Expected: collected into feed health, never stops an edition. */
export class FeedError extends TallyError {
  /** Seconds to wait before asking again (429/503 Retry-After). */
  readonly retryAfterSeconds?: number;
  readonly status?: number;

  constructor(
    code: ErrorCode,
    message: string,
    options?: ErrorOptions & { retryAfterSeconds?: number; status?: number },
  ) {
    super(code, message, options);
    this.name = 'FeedError';
    if (options?.retryAfterSeconds !== undefined) this.retryAfterSeconds = options.retryAfterSeconds;
    if (options?.status !== undefined) this.status = options.status;
  }
}

export class StoreError extends TallyError {
  constructor(
    code: 'STORE_NOT_FOUND' | 'STORE_PRECONDITION' | 'STORE_FAILED',
    message: string,
    options?: ErrorOptions,
  ) {
    super(code, message, options);
    this.name = 'StoreError';
  }
}

export class MailError extends TallyError {
  /** True when sending again later may succeed (throttling, 4xx SMTP, network). */
  readonly retryable: boolean;

  constructor(
    code: 'MAIL_FAILED' | 'MAIL_THROTTLED',
    message: string,
    retryable: boolean,
    options?: ErrorOptions,
  ) {
    super(code, message, options);
    this.name = 'MailError';
    this.retryable = retryable;
  }
}

export function isTallyError(error: unknown): error is TallyError {
  return error instanceof TallyError;
}

/** A one-line description of any thrown value, for logs and summaries. */
export function describeError(error: unknown): { code: string; message: string } {
  if (error instanceof TallyError) return { code: error.code, message: error.message };
  if (error instanceof Error) return { code: error.name, message: error.message };
  return { code: 'UNKNOWN', message: String(error) };
}
