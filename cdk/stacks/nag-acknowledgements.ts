// Every cdk-nag finding the pipeline stack accepts, each with its reason, grouped by the constructs it is about:
// the six functions, their SQS event sources, the distribution, the scheduler's role and CDK's deployment helper.
// Findings are acknowledged one by one, so a new finding still fails the synth.
import { type Stack, Token } from 'aws-cdk-lib';
import type * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type { BucketAccess } from '../constructs/bucket-access.js';
import type { TallyFunction } from '../constructs/tally-function.js';
import { type Acknowledged, acknowledge } from '../nag.js';
import type { FunctionName } from './pipeline-stack.js';
import type { StorageExports } from './storage-stack.js';

/** What the acknowledgements refer to in the pipeline stack. */
export interface PipelineFindings {
  stack: Stack;
  functions: Record<FunctionName, TallyFunction>;
  /** The archive prefixes each function may touch, whose wildcards show up in IAM findings. */
  specs: Record<FunctionName, { access: BucketAccess }>;
  distribution: cloudfront.Distribution;
  /** The distribution has its own domain and certificate. */
  customDomain: boolean;
  storage: StorageExports;
}

/** Acknowledges every accepted finding of the pipeline stack, group by group. */
export function acknowledgePipelineFindings(on: PipelineFindings): void {
  acknowledgeFunctions(on.functions, on.specs, on.storage);
  acknowledgeSqsEventSources(on.functions);
  acknowledgeDistribution(on.distribution, on.customDomain);
  acknowledgeSchedulerRole(on.stack, on.functions.planEdition);
  acknowledgeBucketDeployment(on.stack, on.storage);
}

/** Runtime, tracing, how each function's failures are kept, and the archive prefixes it may touch. */
function acknowledgeFunctions(
  functions: Record<FunctionName, TallyFunction>,
  specs: Record<FunctionName, { access: BucketAccess }>,
  storage: StorageExports,
): void {
  const viaSqs =
    "Invoked only by its SQS event source: failed messages go to the queue's dead-letter queue (redrive policy); a function-level DLQ or on-failure destination covers asynchronous invocations only.";
  const invocation: Record<FunctionName, string> = {
    planEdition:
      'asynchronous (the scheduler): failures go to an on-failure destination queue instead of a DLQ',
    ingestFeed: viaSqs,
    buildEdition: viaSqs,
    sendBatch: viaSqs,
    subscriptions:
      'Invoked synchronously through its Function URL; the caller sees the failure, nothing is parked.',
    sesEvents: 'asynchronous (SNS): failures go to an on-failure destination queue instead of a DLQ',
  };
  for (const [name, fn] of Object.entries(functions) as Array<[FunctionName, TallyFunction]>) {
    const findings: Acknowledged[] = [
      {
        id: 'AwsSolutions-L1',
        reason:
          'Node.js 22 is the runtime Tally is built and tested for (set explicitly, not NODEJS_LATEST).',
      },
      {
        id: 'Serverless-LambdaLatestVersion',
        reason:
          'Node.js 22 is the runtime Tally is built and tested for (set explicitly, not NODEJS_LATEST).',
      },
      {
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason:
          'X-Ray tracing (xray:PutTraceSegments, xray:PutTelemetryRecords) has no resource-level permissions.',
      },
      { id: 'Serverless-LambdaDLQ', reason: invocation[name] },
    ];
    for (const pattern of objectPatterns(specs[name].access)) {
      findings.push({
        id: `AwsSolutions-IAM5[Resource::${storage.archiveBucketArn}/${pattern}]`,
        reason: `Object keys under one prefix of the archive layout ("${pattern}"), the only keys this function's stage reads or writes.`,
      });
    }
    acknowledge(fn, findings);
  }
}

/** Key patterns with a wildcard, as they appear in IAM findings. */
function objectPatterns(access: BucketAccess): string[] {
  const all = [...(access.read ?? []), ...(access.write ?? []), ...(access.remove ?? [])];
  return [...new Set(all.filter((pattern) => pattern.includes('*')))];
}

/** The SQS-driven functions keep failed messages by the queue's redrive policy. */
function acknowledgeSqsEventSources(functions: Record<FunctionName, TallyFunction>): void {
  for (const name of ['ingestFeed', 'buildEdition', 'sendBatch'] as const) {
    acknowledge(functions[name], [
      {
        id: 'Serverless-LambdaEventSourceMappingDestination',
        reason:
          "SQS event source: a message that keeps failing moves to the queue's dead-letter queue by its redrive policy (SQS mappings take no on-failure destination).",
      },
    ]);
  }
}

/** A public, static archive: no geo restriction, no WAF, and the default certificate without a custom domain. */
function acknowledgeDistribution(distribution: cloudfront.Distribution, customDomain: boolean): void {
  acknowledge(distribution, [
    {
      id: 'AwsSolutions-CFR1',
      reason:
        'A public news archive: readers anywhere may browse it; there is nothing to restrict by country.',
    },
    {
      id: 'AwsSolutions-CFR2',
      reason:
        'Serves static, cached, read-only pages from a private bucket (GET/HEAD only, no origin compute); WAF would cost more than the whole system (docs/deploy.md) for no attack surface.',
    },
  ]);
  if (!customDomain) {
    acknowledge(distribution, [
      {
        id: 'AwsSolutions-CFR4',
        reason:
          'Uses the default *.cloudfront.net certificate, whose security policy CloudFront fixes at TLSv1; viewers negotiate TLS 1.2/1.3 in practice. With archiveDomain and certificateArn the minimum is TLSv1.2_2021.',
      },
    ]);
  }
}

/** The scheduler's role, made by the LambdaInvoke target, may invoke the planner and its versions (":*"). */
function acknowledgeSchedulerRole(stack: Stack, planEdition: TallyFunction): void {
  const planner = planEdition.fn.node.defaultChild as lambda.CfnFunction;
  const plannerLogicalId = stack.resolve(planner.logicalId) as string;
  for (const child of stack.node.children) {
    if (child.node.id.startsWith('SchedulerRoleForTarget-')) {
      acknowledge(child, [
        {
          id: `AwsSolutions-IAM5[Resource::<${plannerLogicalId}.Arn>:*]`,
          reason:
            'EventBridge Scheduler may invoke the planner function and its versions; ":*" names versions of this one function.',
        },
      ]);
    }
  }
}

/** CDK's own BucketDeployment handler (copies the config object at deploy time); not Tally code. */
function acknowledgeBucketDeployment(stack: Stack, storage: StorageExports): void {
  const assetBucketSuffix =
    Token.isUnresolved(stack.account) || Token.isUnresolved(stack.region)
      ? '<AWS::AccountId>-<AWS::Region>'
      : `${stack.account}-${stack.region}`;
  const cdkManaged = 'CDK-managed BucketDeployment handler that copies the config object at deploy time';
  for (const child of stack.node.children) {
    if (!child.node.id.startsWith('Custom::CDKBucketDeployment')) continue;
    acknowledge(child, [
      {
        id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
        reason: `${cdkManaged}; CDK gives it the basic execution policy (its own logs).`,
      },
      ...['s3:GetObject*', 's3:GetBucket*', 's3:List*', 's3:DeleteObject*', 's3:Abort*'].map((action) => ({
        id: `AwsSolutions-IAM5[Action::${action}]`,
        reason: `${cdkManaged}; CDK grants it read/write on the source asset bucket and the destination bucket.`,
      })),
      {
        id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-${assetBucketSuffix}/*]`,
        reason: `${cdkManaged}; it reads the config asset from the CDK bootstrap asset bucket.`,
      },
      {
        id: `AwsSolutions-IAM5[Resource::${storage.archiveBucketArn}/*]`,
        reason: `${cdkManaged}; CDK scopes its grant to the destination bucket, and it writes only config/ there.`,
      },
      { id: 'AwsSolutions-L1', reason: `${cdkManaged}; CDK pins its Python runtime.` },
      { id: 'Serverless-LambdaLatestVersion', reason: `${cdkManaged}; CDK pins its Python runtime.` },
      {
        id: 'Serverless-LambdaDLQ',
        reason: `${cdkManaged}; invoked synchronously by CloudFormation, which reports its failure.`,
      },
      { id: 'Serverless-LambdaTracing', reason: `${cdkManaged}; runs once per deploy, nothing to trace.` },
    ]);
  }
}
