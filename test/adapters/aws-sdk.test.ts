// The SDK loaders: one import per module, shared by every caller (the load-once rule itself: test/core/once.test.ts).
import { describe, expect, it } from 'vitest';
import { loadS3, loadSecretsManager, loadSesV2, loadSqs } from '../../functions/adapters/aws-sdk.js';

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
