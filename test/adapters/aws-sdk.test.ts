// The SDK loaders: one import per module, shared by every caller; a failed import is tried again next time.
import { describe, expect, it } from 'vitest';
import { loadS3, loadSecretsManager, loadSesV2, loadSqs, once } from '../../functions/adapters/aws-sdk.js';

describe('once', () => {
  it('runs the load once and shares its promise', async () => {
    let calls = 0;
    const load = once(async () => ++calls);
    expect(await Promise.all([load(), load(), load()])).toEqual([1, 1, 1]);
    expect(await load()).toBe(1);
    expect(calls).toBe(1);
  });

  it('forgets a failed load, so the next call tries again', async () => {
    let calls = 0;
    const load = once(async () => {
      calls++;
      if (calls === 1) throw new Error('not yet');
      return 'loaded';
    });
    await expect(load()).rejects.toThrow('not yet');
    expect(await load()).toBe('loaded');
    expect(await load()).toBe('loaded');
    expect(calls).toBe(2);
  });
});

describe('the client modules', () => {
  it.each([
    ['client-s3', loadS3, 'S3Client'],
    ['client-sesv2', loadSesV2, 'SESv2Client'],
    ['client-sqs', loadSqs, 'SQSClient'],
    ['client-secrets-manager', loadSecretsManager, 'SecretsManagerClient'],
  ] as const)('%s loads once and has its client class', async (_name, load, client) => {
    const first = await load();
    expect(typeof (first as unknown as Record<string, unknown>)[client]).toBe('function');
    expect(await load()).toBe(first);
  });
});
