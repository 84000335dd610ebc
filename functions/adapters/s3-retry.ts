// The store's retry loop around one S3 call: jittered exponential backoff, a timeout per attempt, the errors
// s3-errors.ts calls retryable tried again, and a record of whether an earlier attempt may have been applied so
// a conditional write can tell its own landed write from someone else's.
import type { S3Client } from '@aws-sdk/client-s3';
import { StoreError } from '../core/errors.js';
import type { S3Module } from './aws-sdk.js';
import { describeAwsError, isAmbiguous, isRetryableS3Error, slimCause } from './s3-errors.js';

/** What each S3 call needs: the SDK module (for its command classes) and the client. */
export interface S3Sdk {
  s3: S3Module;
  client: S3Client;
}

/** One attempt of a call, bounded by `signal`. */
export type S3Attempt<T> = (signal: AbortSignal, sdk: S3Sdk) => Promise<T>;

/**
 * Looks at an attempt's error before the retry decision: `{ value }` ends the call with that result, a throw ends
 * it with that error, undefined lets the loop decide. `earlierAmbiguous` tells whether an earlier attempt may have
 * been applied.
 */
export type S3ErrorHandler<T> = (
  error: unknown,
  earlierAmbiguous: boolean,
) => Promise<{ value: T } | undefined>;

export interface RetryPolicy {
  /** Attempts per call, first included. */
  maxAttempts: number;
  /** Backoff: full jitter over min(maxDelayMs, baseDelayMs · 2^attempt). */
  baseDelayMs: number;
  maxDelayMs: number;
  /** One attempt is abandoned (and retried) after this long. */
  attemptTimeoutMs: number;
}

function backoff(policy: RetryPolicy, attempt: number): Promise<void> {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
  return new Promise((done) => setTimeout(done, Math.random() * ceiling));
}

/**
 * Runs one S3 call with retries. The SDK comes from `sdk` on every attempt (loaded on the first call; a failure to
 * load it is reported like any other error of the call). What is left after the last attempt is thrown as a
 * StoreError "store: cannot <call()>: …" (a StoreError from `onError` or the attempt is thrown as it is).
 */
export async function retryS3Call<T>(
  policy: RetryPolicy,
  sdk: () => Promise<S3Sdk>,
  call: () => string,
  attempt: S3Attempt<T>,
  onError?: S3ErrorHandler<T>,
): Promise<T> {
  let earlierAmbiguous = false;
  let last: unknown;
  for (let n = 0; n < policy.maxAttempts; n++) {
    if (n > 0) await backoff(policy, n);
    try {
      const ready = await sdk();
      return await attempt(AbortSignal.timeout(policy.attemptTimeoutMs), ready);
    } catch (error) {
      last = error;
      if (onError !== undefined) {
        const handled = await onError(error, earlierAmbiguous);
        if (handled !== undefined) return handled.value;
      }
      if (!isRetryableS3Error(error)) break;
      if (isAmbiguous(error)) earlierAmbiguous = true;
    }
  }
  if (last instanceof StoreError) throw last;
  throw new StoreError('STORE_FAILED', `store: cannot ${call()}: ${describeAwsError(last)}`, {
    cause: slimCause(last),
  });
}
