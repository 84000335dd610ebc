// What matters in the synthesized templates: the bucket refuses plain HTTP, each function reaches only its
// prefixes and queues, every work queue has a DLQ, schedules keep their time zones, environment variables wire
// the functions together, CloudFront reads the bucket only through OAC, and cdk-nag has nothing unacknowledged.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { App, type CfnElement } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUNDLING } from '../../cdk/constructs/tally-function.js';
import { deployPropsFromJson, type TallyDeployProps } from '../../cdk/props.js';
import { FUNCTION_SPECS, type FunctionName } from '../../cdk/stacks/pipeline-stack.js';
import { PRIVATE_EDITION_PATTERNS, PUBLIC_KEY_PATTERNS } from '../../cdk/stacks/storage-stack.js';
import { buildTally, type TallyStacks } from '../../cdk/tally-app.js';
import { ENV } from '../../functions/aws/env.js';
import { isPrivateKey, keys } from '../../functions/core/keys.js';

const here = dirname(fileURLToPath(import.meta.url));
const fixture = resolve(here, '..', 'fixtures', 'cdk', 'aws.config.json');

type Json = Record<string, unknown>;
type Resource = { Type: string; Properties: Json; Metadata?: Json };

let outdir: string;
let deploy: TallyDeployProps;
let stacks: TallyStacks;
let storage: Template;
let pipeline: Template;

function synthApp(props: TallyDeployProps, dir: string): TallyStacks {
  const app = new App({ outdir: dir });
  const built = buildTally(app, props, {
    env: { account: '123456789012', region: 'eu-west-1' },
    code: () => lambda.Code.fromInline('export const handler = async () => ({});'),
  });
  // Throws when any cdk-nag finding is left unacknowledged.
  app.synth();
  return built;
}

beforeAll(() => {
  outdir = mkdtempSync(join(tmpdir(), 'tally-cdk-'));
  deploy = deployPropsFromJson(JSON.parse(readFileSync(fixture, 'utf8')), dirname(fixture), {
    domainName: 'news.example.org',
    hostedZone: 'Z0123456789ABC',
    alarmEmail: 'ops@example.org',
  });
  stacks = synthApp(deploy, outdir);
  storage = Template.fromStack(stacks.storage);
  pipeline = Template.fromStack(stacks.pipeline);
});

afterAll(() => rmSync(outdir, { recursive: true, force: true }));

/** The statements of a policy resource (IAM, S3 bucket or SQS queue policy). */
function statementsOf(resource: Resource): Json[] {
  const document = resource.Properties.PolicyDocument as { Statement?: Json[] } | undefined;
  return document?.Statement ?? [];
}

function resources(template: Template, type: string): Array<[string, Resource]> {
  return Object.entries(template.findResources(type)) as Array<[string, Resource]>;
}

/** The logical id of a function of the pipeline stack. */
function functionId(name: FunctionName): string {
  const fn = stacks.pipeline.functions[name].fn.node.defaultChild as lambda.CfnFunction;
  return stacks.pipeline.resolve(fn.logicalId) as string;
}

function variables(name: FunctionName): Json {
  const fn = pipeline.toJSON().Resources[functionId(name)] as Resource;
  return (fn.Properties.Environment as Json).Variables as Json;
}

/** Every statement of the policies attached to a function's role. */
function roleStatements(name: FunctionName): Json[] {
  const role = stacks.pipeline.functions[name].role.node.defaultChild as CfnElement;
  const roleId = stacks.pipeline.resolve(role.logicalId) as string;
  return resources(pipeline, 'AWS::IAM::Policy')
    .filter(([, p]) => JSON.stringify(p.Properties.Roles).includes(roleId))
    .flatMap(([, p]) => statementsOf(p));
}

const asList = <T>(value: T | T[] | undefined): T[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];

/** "items/*" from { Fn::Join: ['', [{ Fn::ImportValue: 'TallyStorage-ArchiveBucketArn' }, '/items/*']] }. */
function objectPattern(resource: unknown): string | undefined {
  const text = JSON.stringify(resource);
  const match = /"TallyStorage-ArchiveBucketArn"\},"\/([^"]*)"/.exec(text);
  return match?.[1];
}

function s3Patterns(name: FunctionName, action: string): string[] {
  return roleStatements(name)
    .filter((s) => s.Effect === 'Allow' && asList(s.Action as string | string[]).includes(action))
    .flatMap((s) => asList(s.Resource))
    .map(objectPattern)
    .filter((p): p is string => p !== undefined)
    .sort();
}

describe('storage stack', () => {
  it('is protected from deletion and keeps the bucket and secret when the stack goes', () => {
    expect(stacks.storage.terminationProtection).toBe(true);
    for (const [, bucket] of resources(storage, 'AWS::S3::Bucket')) {
      expect(bucket).toMatchObject({ DeletionPolicy: 'Retain' });
    }
    for (const [, secret] of resources(storage, 'AWS::SecretsManager::Secret')) {
      expect(secret).toMatchObject({ DeletionPolicy: 'Retain' });
    }
  });

  it('keeps the archive private, encrypted, versioned, logged, with lifecycle rules', () => {
    storage.hasResourceProperties('AWS::S3::Bucket', {
      VersioningConfiguration: { Status: 'Enabled' },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      },
      LoggingConfiguration: { DestinationBucketName: Match.anyValue(), LogFilePrefix: 'archive-access/' },
      LifecycleConfiguration: {
        TransitionDefaultMinimumObjectSize: 'all_storage_classes_128K',
        Rules: Match.arrayWith([
          Match.objectLike({
            Prefix: 'items/',
            Transitions: [{ StorageClass: 'STANDARD_IA', TransitionInDays: 30 }],
          }),
          Match.objectLike({ NoncurrentVersionExpiration: Match.objectLike({ NoncurrentDays: 30 }) }),
        ]),
      },
    });
  });

  it('denies every request to either bucket that does not use TLS', () => {
    const policies = resources(storage, 'AWS::S3::BucketPolicy');
    expect(policies.length).toBeGreaterThanOrEqual(2);
    for (const [, policy] of policies) {
      const statements = statementsOf(policy);
      expect(statements).toContainEqual(
        expect.objectContaining({
          Effect: 'Deny',
          Action: 's3:*',
          Principal: { AWS: '*' },
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        }),
      );
    }
  });

  it('lets CloudFront read only the browsable keys, never delivery records', () => {
    const archivePolicy = resources(storage, 'AWS::S3::BucketPolicy')
      .map(([, p]) => statementsOf(p))
      .find((statements) => statements.some((s) => s.Sid === 'CloudFrontReadsPublicArchive'));
    expect(archivePolicy).toBeDefined();
    const cloudFront = (archivePolicy ?? []).filter(
      (s) => JSON.stringify(s.Principal) === JSON.stringify({ Service: 'cloudfront.amazonaws.com' }),
    );
    const allow = cloudFront.find((s) => s.Effect === 'Allow');
    expect(allow?.Action).toBe('s3:GetObject');
    const allowed = asList(allow?.Resource).map((r) => /"\/([^"]*)"\]\]\}$/.exec(JSON.stringify(r))?.[1]);
    expect(allowed.sort()).toEqual([
      'assets/*',
      'editions/*',
      'index.html',
      'ledger/*',
      'months/*',
      'search/*',
    ]);
    expect(JSON.stringify(allow?.Condition)).toContain(':cloudfront::');
    const deny = cloudFront.find((s) => s.Effect === 'Deny');
    const denied = asList(deny?.Resource).map((r) => /"\/([^"]*)"\]\]\}$/.exec(JSON.stringify(r))?.[1]);
    expect(denied.sort()).toEqual(['editions/*/delivery.json', 'editions/*/mail.json', 'editions/*/sent/*']);
  });

  it('agrees with the archive layout on what is private', () => {
    const matches = (pattern: string, key: string) =>
      new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`).test(key);
    const readable = (key: string) =>
      PUBLIC_KEY_PATTERNS.some((p) => matches(p, key)) &&
      !PRIVATE_EDITION_PATTERNS.some((p) => matches(p, key));
    const archiveKeys = [
      'index.html',
      keys.edition('daily', '2026-11-29'),
      keys.editionFile('daily', '2026-11-29', 'digest.html'),
      keys.editionFile('daily', '2026-11-29', 'digest.json'),
      keys.editionFile('daily', '2026-11-29', 'mail.json'),
      keys.sentClaim('daily', '2026-11-29', 'a'.repeat(64)),
      keys.deliveryReport('daily', '2026-11-29'),
      'editions/daily/index.html',
      'editions/daily/feed.xml',
      'months/2026-11/index.html',
      'search/index.json',
      'assets/archive.css',
      keys.ledgerJson,
      keys.ledgerCsv,
      keys.feedState('wire'),
      keys.seenIndex('wire'),
      keys.digestState('daily'),
      keys.item('2026-11-29T07:00:00Z', 'item-1'),
      keys.subscriber('b'.repeat(64)),
    ];
    for (const key of archiveKeys) expect(readable(key), key).toBe(!isPrivateKey(key));
    // The deployed config is private too, though the local archive layout does not know it.
    expect(readable('config/tally.config.json')).toBe(false);
  });

  it('generates the token secret instead of taking one from the config', () => {
    storage.hasResourceProperties('AWS::SecretsManager::Secret', {
      GenerateSecretString: Match.objectLike({ PasswordLength: 64, ExcludePunctuation: true }),
    });
    expect(JSON.stringify(storage.toJSON())).not.toContain('a-local-secret-that-must-not-ship');
    expect(JSON.stringify(pipeline.toJSON())).not.toContain('a-local-secret-that-must-not-ship');
  });
});

describe('pipeline functions', () => {
  it('run Node.js 22 on arm64 with explicit memory and timeout, tracing and JSON logs', () => {
    for (const name of Object.keys(FUNCTION_SPECS) as FunctionName[]) {
      const fn = pipeline.toJSON().Resources[functionId(name)] as Resource;
      expect(fn.Properties).toMatchObject({
        Runtime: 'nodejs22.x',
        Architectures: ['arm64'],
        MemorySize: FUNCTION_SPECS[name].memoryMb,
        Timeout: FUNCTION_SPECS[name].timeout.toSeconds(),
        TracingConfig: { Mode: 'Active' },
      });
      expect((fn.Properties.LoggingConfig as Json).LogFormat).toBe('JSON');
    }
    pipeline.allResourcesProperties('AWS::Logs::LogGroup', { RetentionInDays: 30 });
  });

  it('are bundled as minified ESM for Node 22 by local esbuild, SDK from the runtime, no Docker', () => {
    expect(BUNDLING).toMatchObject({
      format: 'esm',
      mainFields: ['module', 'main'],
      target: 'node22',
      minify: true,
      sourceMap: false,
      forceDockerBundling: false,
      bundleAwsSDK: false,
      externalModules: ['@aws-sdk/*'],
    });
    expect(BUNDLING.banner).toContain('createRequire');
  });

  it('read the deployed config by key and hash', () => {
    for (const name of Object.keys(FUNCTION_SPECS) as FunctionName[]) {
      const vars = variables(name);
      expect(vars[ENV.configKey]).toBe('config/tally.config.json');
      expect(vars[ENV.configSha256]).toBe(deploy.configSha256);
      expect(JSON.stringify(vars[ENV.bucket])).toContain('TallyStorage-ArchiveBucketName');
    }
  });

  it('link to the distribution, except subscriptions, which cannot reference what fronts it', () => {
    for (const name of Object.keys(FUNCTION_SPECS) as FunctionName[]) {
      const url = variables(name)[ENV.publicBaseUrl];
      if (name === 'subscriptions') expect(url).toBeUndefined();
      else expect(JSON.stringify(url)).toContain('DomainName');
    }
    expect(deploy.warnings.join('\n')).toMatch(/-c publicUrl=/);
  });

  it('give the subscriptions and ses-events handlers the deployment, not local stand-ins', () => {
    for (const name of ['subscriptions', 'sesEvents'] as const) {
      const vars = variables(name);
      expect(JSON.stringify(vars[ENV.bucket])).toContain('TallyStorage-ArchiveBucketName');
      expect(JSON.stringify(vars[ENV.tokenSecretArn])).toContain('TallyStorage-TokenSecretArn');
      for (const local of ['TALLY_ARCHIVE', 'TALLY_TOKEN_SECRET', 'TALLY_SES_ENDPOINT']) {
        expect(vars[local], `${name} ${local}`).toBeUndefined();
      }
    }
    expect(variables('subscriptions')[ENV.sesConfigurationSet]).toBeDefined();
  });

  it('deploy the validated config as one private object', () => {
    const [deployment] = resources(pipeline, 'Custom::CDKBucketDeployment');
    expect(deployment?.[1].Properties).toMatchObject({ DestinationBucketKeyPrefix: 'config/', Prune: false });
  });

  it('are wired by environment: planner → ingest, build and send queues; ingest → build; send → subscriptions URL', () => {
    const vars = variables;
    const queueRef = (value: unknown): string => (value as { Ref: string }).Ref;
    const queues = Object.fromEntries(
      (['Ingest', 'Build', 'Send'] as const).map((q) => [
        q,
        stacks.pipeline.resolve(
          (
            stacks.pipeline.node.findChild(`${q}Queue`).node.findChild('Queue').node
              .defaultChild as CfnElement
          ).logicalId,
        ) as string,
      ]),
    );
    expect(queueRef(vars('planEdition')[ENV.ingestQueueUrl])).toBe(queues.Ingest);
    expect(queueRef(vars('planEdition')[ENV.buildQueueUrl])).toBe(queues.Build);
    expect(queueRef(vars('planEdition')[ENV.sendQueueUrl])).toBe(queues.Send);
    expect(queueRef(vars('ingestFeed')[ENV.buildQueueUrl])).toBe(queues.Build);
    expect(queueRef(vars('buildEdition')[ENV.sendQueueUrl])).toBe(queues.Send);
    expect(vars('sendBatch')[ENV.sendRate]).toBe('5'); // maxSendRate 10 split over two concurrent senders
    for (const name of ['sendBatch', 'subscriptions', 'sesEvents'] as const) {
      expect(JSON.stringify(vars(name)[ENV.tokenSecretArn])).toContain('TallyStorage-TokenSecretArn');
    }
    for (const name of ['sendBatch', 'subscriptions'] as const) {
      expect(vars(name)[ENV.sesConfigurationSet]).toBeDefined();
    }
    expect(vars('ingestFeed')[ENV.tokenSecretArn]).toBeUndefined();
  });
});

describe('least privilege', () => {
  const expected: Record<FunctionName, { read: string[]; write: string[] }> = {
    planEdition: {
      read: ['config/tally.config.json', 'state/digests/*', 'subscribers/*'],
      write: ['state/runs/*'],
    },
    ingestFeed: {
      read: ['config/tally.config.json', 'items/*', 'state/feeds/*', 'state/runs/*', 'state/seen/*'],
      write: ['items/*', 'state/feeds/*', 'state/runs/*', 'state/seen/*'],
    },
    buildEdition: {
      read: [
        'assets/*',
        'config/tally.config.json',
        'editions/*',
        'index.html',
        'items/*',
        'ledger/*',
        'months/*',
        'search/*',
        'state/digests/*',
        'state/feeds/*',
        'state/runs/*',
        'subscribers/*',
      ],
      write: [
        'assets/*',
        'editions/*',
        'index.html',
        'ledger/*',
        'months/*',
        'search/*',
        'state/digests/*',
        'state/runs/*',
      ],
    },
    sendBatch: {
      read: ['config/tally.config.json', 'editions/*', 'state/digests/*', 'subscribers/*'],
      write: ['editions/*/delivery.json', 'editions/*/sent/*', 'subscribers/*'],
    },
    subscriptions: { read: ['config/tally.config.json', 'subscribers/*'], write: ['subscribers/*'] },
    sesEvents: { read: ['config/tally.config.json', 'subscribers/*'], write: ['subscribers/*'] },
  };

  it.each(Object.keys(expected) as FunctionName[])('%s reads and writes only its prefixes', (name) => {
    expect(s3Patterns(name, 's3:GetObject')).toEqual(expected[name].read);
    expect(s3Patterns(name, 's3:PutObject')).toEqual(expected[name].write);
    expect(s3Patterns(name, 's3:DeleteObject')).toEqual(
      (
        { buildEdition: ['editions/*/index.html'], subscriptions: ['subscribers/*'] } as Record<
          string,
          string[]
        >
      )[name] ?? [],
    );
  });

  it('gives no function a whole-bucket object grant or s3:* actions', () => {
    for (const name of Object.keys(expected) as FunctionName[]) {
      for (const statement of roleStatements(name)) {
        const actions = asList(statement.Action as string | string[]);
        expect(actions.some((a) => a === '*' || a === 's3:*' || a.endsWith('Object*'))).toBe(false);
        for (const resource of asList(statement.Resource)) expect(objectPattern(resource)).not.toBe('*');
      }
    }
  });

  it('lets only the functions that mail send through SES, from the sender only, and only those and ses-events read the secret', () => {
    for (const name of Object.keys(expected) as FunctionName[]) {
      const statements = roleStatements(name);
      const ses = statements.filter((s) => asList(s.Action as string | string[]).includes('ses:SendEmail'));
      const secret = statements.filter((s) =>
        asList(s.Action as string | string[]).includes('secretsmanager:GetSecretValue'),
      );
      const mails = name === 'sendBatch' || name === 'subscriptions';
      expect(ses.length > 0, `${name} ses`).toBe(mails);
      expect(secret.length > 0, `${name} secret`).toBe(mails || name === 'sesEvents');
      for (const s of ses) {
        expect(s.Condition).toEqual({ StringEquals: { 'ses:FromAddress': 'digest@news.example.org' } });
      }
    }
  });

  it('lets each queue be fed only by its producers', () => {
    const senders = (queue: string): string[] =>
      (Object.keys(expected) as FunctionName[]).filter((name) =>
        roleStatements(name).some(
          (s) =>
            asList(s.Action as string | string[]).includes('sqs:SendMessage') &&
            JSON.stringify(s.Resource).includes(`${queue}Queue`),
        ),
      );
    expect(senders('Ingest')).toEqual(['planEdition']);
    expect(senders('Build')).toEqual(['planEdition', 'ingestFeed']);
    expect(senders('Send')).toEqual(['planEdition', 'buildEdition']);
  });
});

describe('queues', () => {
  it('give every consumed queue a dead-letter queue, an alarm on it, and partial batch responses', () => {
    const mappings = resources(pipeline, 'AWS::Lambda::EventSourceMapping');
    expect(mappings.map(([, m]) => JSON.stringify(m.Properties.FunctionName)).sort()).toEqual(
      (['buildEdition', 'ingestFeed', 'sendBatch'] as const)
        .map((n) => JSON.stringify({ Ref: functionId(n) }))
        .sort(),
    );
    const queues = pipeline.toJSON().Resources as Record<string, Resource>;
    for (const [, mapping] of mappings) {
      expect(mapping.Properties.FunctionResponseTypes).toEqual(['ReportBatchItemFailures']);
      const queueId = ((mapping.Properties.EventSourceArn as Json)['Fn::GetAtt'] as string[])[0] ?? '';
      const redrive = (queues[queueId]?.Properties.RedrivePolicy ?? {}) as Json;
      expect(redrive.maxReceiveCount, queueId).toBeGreaterThan(0);
      const dlqId = ((redrive.deadLetterTargetArn as Json)['Fn::GetAtt'] as string[])[0];
      pipeline.hasResourceProperties('AWS::CloudWatch::Alarm', {
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [dlqId, 'QueueName'] } }],
        Threshold: 1,
        AlarmActions: Match.anyValue(),
      });
    }
  });

  it('encrypt every queue and refuse plain HTTP to them', () => {
    pipeline.allResourcesProperties('AWS::SQS::Queue', { SqsManagedSseEnabled: true });
    for (const [, policy] of resources(pipeline, 'AWS::SQS::QueuePolicy')) {
      expect(JSON.stringify(policy.Properties.PolicyDocument)).toContain('"aws:SecureTransport":"false"');
    }
  });
});

describe('schedules', () => {
  it('run each digest at its cron in its own time zone, with retries and a DLQ', () => {
    pipeline.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'cron(0 7 * * ? *)',
      ScheduleExpressionTimezone: 'Europe/London',
      FlexibleTimeWindow: { Mode: 'OFF' },
      Target: Match.objectLike({
        Arn: { 'Fn::GetAtt': [functionId('planEdition'), 'Arn'] },
        Input: Match.serializedJson({
          action: 'edition',
          digest: 'daily',
          scheduledTime: '<aws.scheduler.scheduled-time>',
        }),
        RetryPolicy: { MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 3600 },
        DeadLetterConfig: { Arn: Match.anyValue() },
      }),
    });
    pipeline.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'cron(30 6 ? * 2-6 *)',
      ScheduleExpressionTimezone: 'America/New_York',
    });
  });

  it('plan deliveries every hour', () => {
    pipeline.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'cron(1 * * * ? *)',
      Target: Match.objectLike({ Input: Match.serializedJson(Match.objectLike({ action: 'deliver' })) }),
    });
  });
});

describe('mail', () => {
  it('verifies the domain with DKIM records in the hosted zone and uses the configuration set', () => {
    pipeline.hasResourceProperties('AWS::SES::EmailIdentity', {
      EmailIdentity: 'news.example.org',
      ConfigurationSetAttributes: { ConfigurationSetName: Match.anyValue() },
    });
    pipeline.hasResourceProperties('AWS::Route53::RecordSet', {
      HostedZoneId: 'Z0123456789ABC',
      Type: 'CNAME',
    });
  });

  it('publishes bounces and complaints to an encrypted topic that feeds ses-events, with a DLQ', () => {
    pipeline.hasResourceProperties('AWS::SES::ConfigurationSetEventDestination', {
      EventDestination: Match.objectLike({
        Enabled: true,
        MatchingEventTypes: Match.arrayWith(['bounce', 'complaint']),
        SnsDestination: Match.anyValue(),
      }),
    });
    pipeline.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'lambda',
      Endpoint: { 'Fn::GetAtt': [functionId('sesEvents'), 'Arn'] },
      RedrivePolicy: Match.anyValue(),
    });
    pipeline.allResourcesProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
  });

  it('encrypts the topics with a rotated key that only CloudWatch and SES of this account may use to publish', () => {
    for (const [, key] of resources(pipeline, 'AWS::KMS::Key')) {
      expect(key.Properties.EnableKeyRotation).toBe(true);
      const services = statementsOf({ Type: '', Properties: { PolicyDocument: key.Properties.KeyPolicy } })
        .filter((s) => s.Effect === 'Allow' && JSON.stringify(s.Principal).includes('Service'))
        .map((s) => {
          expect(s.Condition).toEqual({ StringEquals: { 'aws:SourceAccount': '123456789012' } });
          expect(s.Action).toEqual(['kms:Decrypt', 'kms:GenerateDataKey*']);
          return (s.Principal as { Service: string[] }).Service;
        });
      expect(services).toEqual([['cloudwatch.amazonaws.com', 'ses.amazonaws.com']]);
    }
  });

  it('exposes the subscriptions function through a Function URL', () => {
    pipeline.hasResourceProperties('AWS::Lambda::Url', {
      AuthType: 'NONE',
      TargetFunctionArn: { 'Fn::GetAtt': [functionId('subscriptions'), 'Arn'] },
    });
  });
});

describe('archive CDN', () => {
  it('reaches the bucket only through origin access control, over HTTPS, GET and HEAD only', () => {
    const [[, distribution] = ['', { Type: '', Properties: {} }]] = resources(
      pipeline,
      'AWS::CloudFront::Distribution',
    );
    const config = distribution.Properties.DistributionConfig as Json;
    const origins = config.Origins as Json[];
    const s3Origins = origins.filter((o) => o.S3OriginConfig !== undefined);
    expect(s3Origins).toHaveLength(1);
    const origin = s3Origins[0] as Json;
    expect(JSON.stringify(origin.DomainName)).toContain('TallyStorage-ArchiveBucketName');
    expect(origin.OriginAccessControlId).toEqual({ 'Fn::GetAtt': [expect.any(String), 'Id'] });
    expect(origin.S3OriginConfig).toEqual({ OriginAccessIdentity: '' });
    expect(config.DefaultCacheBehavior).toMatchObject({ TargetOriginId: origin.Id });
    expect(config.DefaultCacheBehavior).toMatchObject({
      ViewerProtocolPolicy: 'redirect-to-https',
      AllowedMethods: ['GET', 'HEAD'],
    });
    expect(config.DefaultRootObject).toBe('index.html');
    expect(config.Logging).toMatchObject({ Prefix: 'cloudfront/' });
    pipeline.hasResourceProperties('AWS::CloudFront::OriginAccessControl', {
      OriginAccessControlConfig: Match.objectLike({
        OriginAccessControlOriginType: 's3',
        SigningBehavior: 'always',
        SigningProtocol: 'sigv4',
      }),
    });
    expect(resources(pipeline, 'AWS::CloudFront::CloudFrontOriginAccessIdentity')).toHaveLength(0);
  });
});

describe('archive folder URLs', () => {
  const cases: Array<[string, string]> = [
    ['/', '/index.html'],
    ['/editions/daily/', '/editions/daily/index.html'],
    ['/editions/daily/feed.xml', '/editions/daily/feed.xml'],
    ['/ledger/figures.csv', '/ledger/figures.csv'],
  ];
  it.each(cases)('the viewer-request function serves %s as %s', (uri, expected) => {
    const [[, fn] = ['', { Type: '', Properties: {} }]] = resources(pipeline, 'AWS::CloudFront::Function');
    const code = String(fn.Properties.FunctionCode);
    const handler = new Function(`${code}; return handler;`)() as (event: unknown) => { uri: string };
    expect(handler({ request: { uri } }).uri).toBe(expected);
  });
});

describe('subscription routes', () => {
  it('send /subscribe, /confirm, /unsubscribe and /preferences to the function URL, uncached, all methods', () => {
    const [[, distribution] = ['', { Type: '', Properties: {} }]] = resources(
      pipeline,
      'AWS::CloudFront::Distribution',
    );
    const config = distribution.Properties.DistributionConfig as Json;
    const custom = (config.Origins as Json[]).filter((o) => o.CustomOriginConfig !== undefined);
    expect(custom).toHaveLength(1);
    expect(JSON.stringify(custom[0]?.DomainName)).toContain('FunctionUrl');
    const behaviors = config.CacheBehaviors as Json[];
    expect(behaviors.map((b) => b.PathPattern).sort()).toEqual([
      '/confirm*',
      '/preferences*',
      '/subscribe*',
      '/unsubscribe*',
    ]);
    for (const behavior of behaviors) {
      expect(behavior).toMatchObject({
        TargetOriginId: custom[0]?.Id,
        ViewerProtocolPolicy: 'redirect-to-https',
        AllowedMethods: ['GET', 'HEAD', 'OPTIONS', 'PUT', 'PATCH', 'POST', 'DELETE'],
        CachePolicyId: '4135ea2d-6df8-44a3-9df3-4b5a84be39ad', // Managed-CachingDisabled
      });
    }
  });
});

describe('with a custom archive domain', () => {
  let dir: string;
  let domainStacks: TallyStacks;
  let domainDeploy: TallyDeployProps;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'tally-cdk-domain-'));
    domainDeploy = deployPropsFromJson(JSON.parse(readFileSync(fixture, 'utf8')), dirname(fixture), {
      archiveDomain: 'figures.example.org',
      certificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-0000-1111-2222-333344445555',
    });
    domainStacks = synthApp(domainDeploy, dir);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('serves the archive on the domain with TLS 1.2 at least, and every function links to it', () => {
    const template = Template.fromStack(domainStacks.pipeline);
    template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        Aliases: ['figures.example.org'],
        ViewerCertificate: Match.objectLike({
          MinimumProtocolVersion: 'TLSv1.2_2021',
          SslSupportMethod: 'sni-only',
        }),
      }),
    });
    expect(domainDeploy.publicUrl).toBe('https://figures.example.org');
    for (const [, fn] of Object.entries(template.findResources('AWS::Lambda::Function')) as Array<
      [string, Resource]
    >) {
      const vars = ((fn.Properties.Environment ?? {}) as Json).Variables as Json | undefined;
      if (vars?.[ENV.configSha256] === undefined) continue; // CDK's own deployment handler
      expect(vars[ENV.publicBaseUrl]).toBe('https://figures.example.org');
    }
  });
});

describe('cdk-nag', () => {
  it('acknowledges every accepted finding with a reason', () => {
    const reasons: string[] = [];
    for (const stack of [stacks.storage, stacks.pipeline]) {
      for (const construct of stack.node.findAll()) {
        for (const entry of construct.node.metadata) {
          if (entry.type !== 'aws:cdk:acknowledged-rules') continue;
          for (const value of Object.values(entry.data as Record<string, unknown>)) {
            reasons.push(typeof value === 'string' ? value : JSON.stringify(value));
          }
        }
      }
    }
    expect(reasons.length).toBeGreaterThan(0);
    for (const reason of reasons) expect(reason.length).toBeGreaterThan(30);
  });

  it('fails the synth when a finding is not acknowledged', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tally-cdk-nag-'));
    try {
      const app = new App({ outdir: dir });
      const { storage: s } = buildTally(app, deploy, {
        code: () => lambda.Code.fromInline('export const handler = async () => ({});'),
      });
      // A bucket without TLS enforcement or logging is exactly what AwsSolutions must catch.
      new s3.Bucket(s, 'Careless');
      expect(() => app.synth()).toThrow(/AwsSolutions-S1/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
