// What an S3 error means for the store: worth another attempt or not, possibly applied although no answer came
// back, or one of the answers a conditional write expects (not found, precondition failed, conflict). Also the
// short description and slim cause a StoreError carries instead of the SDK's whole HTTP response.

interface AwsLikeError {
  name?: string;
  code?: string;
  message?: string;
  $retryable?: unknown;
  $metadata?: { httpStatusCode?: number };
  Code?: string;
}

function asAwsError(error: unknown): AwsLikeError {
  return typeof error === 'object' && error !== null ? (error as AwsLikeError) : {};
}

function statusOf(error: unknown): number | undefined {
  return asAwsError(error).$metadata?.httpStatusCode;
}

/** A body that ended early or does not match its length or ETag: retried like a dropped connection. */
export class TruncatedBody extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TruncatedBody';
  }
}

const RETRYABLE_NAMES = new Set([
  'SlowDown',
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'RequestThrottled',
  'RequestThrottledException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'RequestTimeout',
  'RequestTimeoutException',
  'InternalError',
  'ServiceUnavailable',
  'TimeoutError',
  'AbortError',
  // Our own read checks (length or MD5 mismatch after a connection dropped mid-body).
  'TruncatedBody',
]);

const NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_SOCKET',
  'ERR_STREAM_PREMATURE_CLOSE',
]);

/** Throttling, 5xx, timeouts and dropped connections: worth another attempt. */
export function isRetryableS3Error(error: unknown): boolean {
  const e = asAwsError(error);
  const status = statusOf(error);
  if (status === 429 || (status !== undefined && status >= 500)) return true;
  if (e.name !== undefined && RETRYABLE_NAMES.has(e.name)) return true;
  if (e.code !== undefined && NETWORK_CODES.has(e.code)) return true;
  if (e.$retryable !== undefined && e.$retryable !== null && e.$retryable !== false) return true;
  const message = e.message ?? '';
  return /socket hang up|ECONNRESET|EPIPE|premature close|aborted|Client network socket disconnected/i.test(
    message,
  );
}

/**
 * An attempt whose request may have reached the server and been applied even though no answer came back:
 * the connection dropped or timed out, or the server failed after receiving it. A 503 SlowDown is not ambiguous
 * for S3 itself, but a proxy or load balancer may answer 5xx after forwarding, so only 429 counts as clean.
 */
export function isAmbiguous(error: unknown): boolean {
  const status = statusOf(error);
  return status !== 429;
}

export function isNotFound(error: unknown): boolean {
  const e = asAwsError(error);
  return statusOf(error) === 404 || e.name === 'NoSuchKey' || e.name === 'NotFound' || e.Code === 'NoSuchKey';
}

export function isPreconditionFailed(error: unknown): boolean {
  const e = asAwsError(error);
  return statusOf(error) === 412 || e.name === 'PreconditionFailed';
}

export function isConditionalConflict(error: unknown): boolean {
  const e = asAwsError(error);
  return statusOf(error) === 409 || e.name === 'ConditionalRequestConflict';
}

export function describeAwsError(error: unknown): string {
  const e = asAwsError(error);
  const status = statusOf(error);
  const parts = [e.name, status !== undefined ? `HTTP ${status}` : undefined, e.message].filter(
    (p): p is string => p !== undefined && p !== '',
  );
  return parts.join(': ') || String(error);
}

/** The SDK's errors carry the whole HTTP response; a cause keeps only what a log needs. */
export function slimCause(error: unknown): Error {
  const e = asAwsError(error);
  const slim = new Error(e.message ?? String(error));
  slim.name = e.name ?? 'Error';
  const status = statusOf(error);
  if (status !== undefined) Object.assign(slim, { status });
  if (e.code !== undefined) Object.assign(slim, { code: e.code });
  return slim;
}
