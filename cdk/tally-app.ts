// Builds the whole Tally cloud assembly: the storage and pipeline stacks, cdk-nag's AwsSolutions and Serverless
// packs as policy-validation plugins, and synth warnings for whatever the config loses on the way to AWS.
import { Annotations, type App, type Environment, Validations } from 'aws-cdk-lib';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { AwsSolutionsChecks, ServerlessChecks } from './nag.js';
import type { TallyDeployProps } from './props.js';
import { type FunctionName, PipelineStack } from './stacks/pipeline-stack.js';
import { StorageStack } from './stacks/storage-stack.js';

export interface TallyStacks {
  storage: StorageStack;
  pipeline: PipelineStack;
}

export interface BuildOptions {
  env?: Environment;
  /** Stands in for the esbuild bundles (unit tests). */
  code?: (name: FunctionName) => lambda.Code;
  /** Run cdk-nag (on by default). */
  nag?: boolean;
}

export function buildTally(app: App, deploy: TallyDeployProps, options: BuildOptions = {}): TallyStacks {
  const env = options.env;
  const storage = new StorageStack(app, 'TallyStorage', {
    description: 'Tally: archive bucket, access logs, subscription token secret (stateful)',
    ...(env ? { env } : {}),
  });
  const pipeline = new PipelineStack(app, 'TallyPipeline', {
    description: 'Tally: functions, queues, schedules, SES, archive CDN (stateless)',
    deploy,
    storage: storage.exportNames,
    ...(env ? { env } : {}),
    ...(options.code ? { code: options.code } : {}),
  });
  pipeline.addStackDependency(storage);
  for (const warning of deploy.warnings) Annotations.of(pipeline).addWarningV2('tally:config', warning);
  if (options.nag ?? true) {
    Validations.of(app).addPlugins(
      new AwsSolutionsChecks(app, { verbose: true }),
      new ServerlessChecks(app, { verbose: true }),
    );
  }
  return { storage, pipeline };
}
