import { describe, expect, it } from 'vitest';
import {
  isConditionalConflict,
  isNotFound,
  isPreconditionFailed,
  isRetryableS3Error,
  TruncatedBody,
} from '../../functions/adapters/s3-errors.js';
import { type RetryPolicy, retryS3Call, type S3Sdk } from '../../functions/adapters/s3-retry.js';
import { StoreError } from '../../functions/core/errors.js';

const http = (status: number, name = 'Error') =>
  Object.assign(new Error(`status ${status}`), { name, $metadata: { httpStatusCode: status } });
const network = (code: string) => Object.assign(new Error('connection dropped'), { code });

describe('isRetryableS3Error', () => {
  it.each([
    ['a 503 SlowDown', http(503, 'SlowDown'), true],
    ['a 500', http(500), true],
    ['a 429', http(429), true],
    ['ECONNRESET', network('ECONNRESET'), true],
    ['a body cut short', new TruncatedBody('store: k body was 3 of 9 bytes'), true],
    ['"socket hang up" in the message', new Error('socket hang up'), true],
    ['an SDK error marked $retryable', Object.assign(new Error('x'), { $retryable: {} }), true],
    ['a 403', http(403, 'AccessDenied'), false],
    ['a 404', http(404, 'NoSuchKey'), false],
    ['a 412', http(412, 'PreconditionFailed'), false],
    ['a plain error', new Error('bad input'), false],
    ['a string thrown', 'nope', false],
  ])('%s → %s', (_label, error, retryable) => {
    expect(isRetryableS3Error(error)).toBe(retryable);
  });

  it('tells the answers a conditional write expects apart', () => {
    expect(isNotFound(http(404))).toBe(true);
    expect(isNotFound({ name: 'NoSuchKey' })).toBe(true);
    expect(isPreconditionFailed(http(412))).toBe(true);
    expect(isConditionalConflict(http(409))).toBe(true);
    expect(isNotFound(http(412))).toBe(false);
    expect(isPreconditionFailed(http(409))).toBe(false);
  });
});

describe('retryS3Call', () => {
  const policy: RetryPolicy = { maxAttempts: 4, baseDelayMs: 1, maxDelayMs: 2, attemptTimeoutMs: 1_000 };
  const sdk = async () => ({}) as S3Sdk;
  /** One call on s3://b/k under the test policy. */
  const call = <T>(what: string, attempt: () => Promise<T>, onError?: Parameters<typeof retryS3Call<T>>[4]) =>
    retryS3Call(policy, sdk, () => `${what} s3://b/k`, attempt, onError);

  it('tries a retryable failure again and returns the first success', async () => {
    let calls = 0;
    const value = await call('read', async () => {
      calls += 1;
      if (calls < 3) throw http(503, 'SlowDown');
      return 'ok';
    });
    expect(value).toBe('ok');
    expect(calls).toBe(3);
  });

  it('stops at a failure that is not retryable, as a StoreError with a slim cause', async () => {
    let calls = 0;
    const error = await call('read', async () => {
      calls += 1;
      throw http(403, 'AccessDenied');
    }).catch((e: unknown) => e);
    expect(calls).toBe(1);
    expect(error).toBeInstanceOf(StoreError);
    expect((error as StoreError).code).toBe('STORE_FAILED');
    expect((error as StoreError).message).toBe(
      'store: cannot read s3://b/k: AccessDenied: HTTP 403: status 403',
    );
    const cause = (error as Error).cause as Error & { status?: number };
    expect(cause.name).toBe('AccessDenied');
    expect(cause.status).toBe(403);
    expect(Object.keys(cause)).not.toContain('$metadata');
  });

  it('gives up after maxAttempts', async () => {
    let calls = 0;
    await expect(
      call('write', async () => {
        calls += 1;
        throw network('ECONNRESET');
      }),
    ).rejects.toThrow(/^store: cannot write s3:\/\/b\/k: /);
    expect(calls).toBe(policy.maxAttempts);
  });

  it('lets onError turn an error into a result, and says whether an earlier attempt may have landed', async () => {
    const seen: boolean[] = [];
    const errors = [http(429, 'SlowDown'), http(503, 'SlowDown'), http(412, 'PreconditionFailed')];
    const value = await retryS3Call<string>(
      policy,
      sdk,
      () => 'write s3://b/k',
      async () => {
        throw errors.shift();
      },
      async (error, earlierAmbiguous) => {
        seen.push(earlierAmbiguous);
        return isPreconditionFailed(error) ? { value: 'exists' } : undefined;
      },
    );
    expect(value).toBe('exists');
    // A 429 was refused before it was applied; a 503 may have been applied by the server or a proxy.
    expect(seen).toEqual([false, false, true]);
  });

  it('passes a StoreError thrown by onError through unchanged', async () => {
    const mine = new StoreError('STORE_PRECONDITION', 'store: s3://b/k changed since it was read');
    await expect(
      call(
        'write',
        async () => {
          throw http(412);
        },
        async () => {
          throw mine;
        },
      ),
    ).rejects.toBe(mine);
  });
});
