// The environment the stacks give each function, read once and validated. The names are shared with the CDK
// stack (cdk/stacks/pipeline-stack.ts imports ENV), so the wiring cannot drift between the two.
import { ConfigError } from '../core/errors.js';

export const ENV = {
  bucket: 'TALLY_BUCKET',
  configKey: 'TALLY_CONFIG_KEY',
  configSha256: 'TALLY_CONFIG_SHA256',
  publicBaseUrl: 'TALLY_PUBLIC_BASE_URL',
  ingestQueueUrl: 'TALLY_INGEST_QUEUE_URL',
  buildQueueUrl: 'TALLY_BUILD_QUEUE_URL',
  sendQueueUrl: 'TALLY_SEND_QUEUE_URL',
  tokenSecretArn: 'TALLY_TOKEN_SECRET_ARN',
  sesConfigurationSet: 'TALLY_SES_CONFIGURATION_SET',
  sendRate: 'TALLY_SEND_RATE',
} as const;

export type EnvName = keyof typeof ENV;

/** The value of one variable, or a ConfigError naming it (a deploy problem, not bad input). */
export function requireEnv(env: NodeJS.ProcessEnv, name: EnvName): string {
  const value = env[ENV[name]];
  if (value === undefined || value.trim() === '') {
    throw new ConfigError(`aws: environment variable ${ENV[name]} is not set; redeploy the pipeline stack`);
  }
  return value.trim();
}

export function optionalEnv(env: NodeJS.ProcessEnv, name: EnvName): string | undefined {
  const value = env[ENV[name]];
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

/** The AWS region the function runs in (set by Lambda). */
export function regionOf(env: NodeJS.ProcessEnv): string {
  const region = env.AWS_REGION ?? env.AWS_DEFAULT_REGION;
  if (region === undefined || region === '') throw new ConfigError('aws: AWS_REGION is not set');
  return region;
}
