// The stateless half: the six functions, the queues between them, the schedules, SES sending and its events, the
// subscriptions URL and the CloudFront distribution over the archive. It can be destroyed and redeployed freely;
// all data lives in the storage stack.
import { CfnOutput, Duration, Fn, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as destinations from 'aws-cdk-lib/aws-lambda-destinations';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as targets from 'aws-cdk-lib/aws-scheduler-targets';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as ses from 'aws-cdk-lib/aws-ses';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import { TimeZone } from 'aws-cdk-lib/core';
import type { Construct } from 'constructs';
import { ENV } from '../../functions/aws/env.js';
import { type BucketAccess, grantBucketAccess } from '../constructs/bucket-access.js';
import { TallyFunction } from '../constructs/tally-function.js';
import { createDeadLetterQueue, deadLetterAlarm, WorkQueue } from '../constructs/work-queue.js';
import { toSchedulerCron } from '../cron.js';
import { acknowledge } from '../nag.js';
import { CONFIG_KEY, type TallyDeployProps } from '../props.js';
import { acknowledgePipelineFindings } from './nag-acknowledgements.js';
import type { StorageExports } from './storage-stack.js';

export type FunctionName =
  | 'planEdition'
  | 'ingestFeed'
  | 'buildEdition'
  | 'sendBatch'
  | 'subscriptions'
  | 'sesEvents';

interface FunctionSpec {
  entry: string;
  description: string;
  memoryMb: number;
  timeout: Duration;
  access: BucketAccess;
}

/** Entry, sizing and the archive prefixes each function may touch (least privilege, by key layout). */
/**
 * What build-edition writes, and reads back before writing: the edition, the ledger, the digest's state and run
 * records, and the browsable archive (functions/archive/site), whose pages are compared before they are rewritten.
 */
const EDITION_WRITES = [
  'state/digests/*',
  'state/runs/*',
  'editions/*',
  'ledger/*',
  'index.html',
  'months/*',
  'search/*',
  'assets/*',
];

export const FUNCTION_SPECS: Record<FunctionName, FunctionSpec> = {
  planEdition: {
    entry: 'functions/plan-edition.ts',
    description: 'Tally: fans an edition out to one ingest message per feed; hourly, plans deliveries',
    memoryMb: 512,
    // The hourly run reads every subscriber record (~20 ms each from Lambda): 5 minutes is room for ~10,000.
    timeout: Duration.minutes(5),
    access: {
      read: [CONFIG_KEY, 'subscribers/*', 'state/digests/*'],
      write: ['state/runs/*'],
    },
  },
  ingestFeed: {
    entry: 'functions/ingest-feed.ts',
    description: 'Tally: fetches, parses, cleans, dedupes and extracts one feed into items/',
    memoryMb: 1024,
    timeout: Duration.minutes(2),
    access: {
      read: [CONFIG_KEY, 'state/feeds/*', 'state/seen/*', 'state/runs/*', 'items/*'],
      write: ['state/feeds/*', 'state/seen/*', 'state/runs/*', 'items/*'],
    },
  },
  buildEdition: {
    entry: 'functions/build-edition.ts',
    description: 'Tally: composes, renders and archives an edition from the ingested items',
    memoryMb: 1769, // one full vCPU: dedupe, extraction and rendering are CPU-bound
    timeout: Duration.minutes(10),
    access: {
      read: [
        CONFIG_KEY,
        'items/*',
        'state/feeds/*',
        ...EDITION_WRITES,
        // Who is due when the edition is built.
        'subscribers/*',
      ],
      write: EDITION_WRITES,
      // Pages of editions that no longer exist.
      remove: ['editions/*/index.html'],
    },
  },
  sendBatch: {
    entry: 'functions/send-batch.ts',
    description: 'Tally: mails one batch of subscribers one edition (claim, then send through SES)',
    memoryMb: 512,
    timeout: Duration.minutes(5),
    access: {
      read: [CONFIG_KEY, 'subscribers/*', 'state/digests/*', 'editions/*'],
      write: ['editions/*/sent/*', 'editions/*/delivery.json', 'subscribers/*'],
    },
  },
  subscriptions: {
    entry: 'functions/subscriptions.ts',
    description: 'Tally: subscribe (double opt-in), confirm, one-click unsubscribe, preferences',
    memoryMb: 512,
    timeout: Duration.seconds(10),
    access: {
      read: [CONFIG_KEY, 'subscribers/*'],
      write: ['subscribers/*'],
      remove: ['subscribers/*'],
    },
  },
  sesEvents: {
    entry: 'functions/ses-events.ts',
    description: 'Tally: bounces and complaints from SES suppress the address',
    memoryMb: 256,
    timeout: Duration.seconds(30),
    access: { read: [CONFIG_KEY, 'subscribers/*'], write: ['subscribers/*'] },
  },
};

/** Concurrent send-batch invocations; the SES rate is split between them. */
const SEND_CONCURRENCY = 2;

export interface PipelineStackProps extends StackProps {
  deploy: TallyDeployProps;
  /** Export names of the storage stack's bucket, log bucket and token secret. */
  storage: StorageExports;
  /** Replaces each function's esbuild bundle (unit tests); the deployed app always bundles. */
  code?: (name: FunctionName) => lambda.Code;
}

/** An S3 origin that reaches the bucket through origin access control, leaving the bucket policy alone. */
class OriginAccessControlled implements cloudfront.IOrigin {
  constructor(
    private readonly inner: cloudfront.IOrigin,
    private readonly oac: cloudfront.IOriginAccessControl,
  ) {}

  bind(scope: Construct, options: cloudfront.OriginBindOptions): cloudfront.OriginBindConfig {
    const config = this.inner.bind(scope, options);
    if (config.originProperty === undefined)
      throw new Error('cdk: the S3 origin produced no origin property');
    return {
      ...config,
      originProperty: { ...config.originProperty, originAccessControlId: this.oac.originAccessControlId },
    };
  }
}

export class PipelineStack extends Stack {
  readonly functions: Record<FunctionName, TallyFunction>;
  readonly distribution: cloudfront.Distribution;
  readonly subscriptionsUrl: lambda.FunctionUrl;
  private readonly customDomain: boolean;

  constructor(scope: Construct, id: string, props: PipelineStackProps) {
    super(scope, id, props);
    const { deploy, storage } = props;
    this.customDomain = deploy.archiveDomain !== undefined;
    const bucket = s3.Bucket.fromBucketAttributes(this, 'ArchiveBucket', {
      bucketName: Fn.importValue(storage.archiveBucketName),
      bucketArn: Fn.importValue(storage.archiveBucketArn),
    });
    const logBucket = s3.Bucket.fromBucketName(this, 'LogBucket', Fn.importValue(storage.logBucketName));
    const tokenSecret = secretsmanager.Secret.fromSecretCompleteArn(
      this,
      'TokenSecret',
      Fn.importValue(storage.tokenSecretArn),
    );

    // One customer managed key encrypts both topics (alarms and SES events): CloudWatch and SES may use it to
    // publish, nothing else. SES events carry recipient addresses; one key instead of two saves $1 a month.
    const topicKey = new kms.Key(this, 'TopicKey', {
      enableKeyRotation: true,
      description: 'Tally: encrypts the alarm and SES event topics',
      removalPolicy: RemovalPolicy.DESTROY,
    });
    topicKey.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [
          new iam.ServicePrincipal('cloudwatch.amazonaws.com'),
          new iam.ServicePrincipal('ses.amazonaws.com'),
        ],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': this.account } },
      }),
    );
    // Alarms of every dead-letter queue go to one topic (mailed to alarmEmail when given).
    const alarmTopic = new sns.Topic(this, 'Alarms', { masterKey: topicKey, enforceSSL: true });
    if (deploy.alarmEmail !== undefined) {
      const mail = alarmTopic.addSubscription(new subscriptions.EmailSubscription(deploy.alarmEmail));
      acknowledge(mail, [
        {
          id: 'Serverless-SNSRedrivePolicy',
          reason:
            'Alarm mail to an operator: an undeliverable alarm parked in a queue would itself need an alarm; the alarm state stays visible in CloudWatch.',
        },
      ]);
    }

    // --- Config: the validated config as one private object, read once per cold start. -------------------------
    const configDeployment = new s3deploy.BucketDeployment(this, 'Config', {
      sources: [s3deploy.Source.data('tally.config.json', deploy.configText)],
      destinationBucket: bucket,
      destinationKeyPrefix: 'config/',
      prune: false,
      retainOnDelete: true,
      contentType: 'application/json',
      memoryLimit: 256,
      logGroup: new logs.LogGroup(this, 'ConfigDeploymentLogs', {
        retention: logs.RetentionDays.ONE_MONTH,
        removalPolicy: RemovalPolicy.DESTROY,
      }),
    });

    // --- CloudFront over the archive's browsable keys. ---------------------------------------------------------
    const oac = new cloudfront.S3OriginAccessControl(this, 'ArchiveOac', {
      signing: cloudfront.Signing.SIGV4_ALWAYS,
      description: 'Tally: CloudFront reads the archive bucket',
    });
    const indexPages = new cloudfront.Function(this, 'IndexPages', {
      comment: 'Serve index.html for folder URLs of the archive',
      runtime: cloudfront.FunctionRuntime.JS_2_0,
      code: cloudfront.FunctionCode.fromInline(
        "function handler(event) { var r = event.request; if (r.uri.endsWith('/')) { r.uri += 'index.html'; } return r; }",
      ),
    });
    this.distribution = new cloudfront.Distribution(this, 'Archive', {
      comment: 'Tally archive',
      defaultRootObject: 'index.html',
      defaultBehavior: {
        origin: new OriginAccessControlled(origins.S3BucketOrigin.withBucketDefaults(bucket), oac),
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD,
        cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: cloudfront.ResponseHeadersPolicy.SECURITY_HEADERS,
        functionAssociations: [
          { function: indexPages, eventType: cloudfront.FunctionEventType.VIEWER_REQUEST },
        ],
        compress: true,
      },
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      priceClass: cloudfront.PriceClass.PRICE_CLASS_100,
      enableLogging: true,
      logBucket,
      logFilePrefix: 'cloudfront/',
      ...(deploy.archiveDomain !== undefined
        ? {
            domainNames: [deploy.archiveDomain.domainName],
            certificate: acm.Certificate.fromCertificateArn(
              this,
              'ArchiveCertificate',
              deploy.archiveDomain.certificateArn,
            ),
            minimumProtocolVersion: cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021,
          }
        : {}),
    });
    const publicBaseUrl = deploy.publicUrl ?? `https://${this.distribution.distributionDomainName}`;

    // --- Functions. --------------------------------------------------------------------------------------------
    const common = {
      [ENV.bucket]: bucket.bucketName,
      [ENV.configKey]: CONFIG_KEY,
      [ENV.configSha256]: deploy.configSha256,
    };
    const make = (name: FunctionName): TallyFunction => {
      const spec = FUNCTION_SPECS[name];
      const fn = new TallyFunction(this, name.charAt(0).toUpperCase() + name.slice(1), {
        entry: spec.entry,
        description: spec.description,
        memoryMb: spec.memoryMb,
        timeout: spec.timeout,
        environment: { ...common },
        ...(props.code !== undefined ? { code: props.code(name) } : {}),
      });
      grantBucketAccess(fn.fn, bucket, spec.access);
      fn.fn.node.addDependency(configDeployment);
      return fn;
    };
    const fns: Record<FunctionName, TallyFunction> = {
      planEdition: make('planEdition'),
      ingestFeed: make('ingestFeed'),
      buildEdition: make('buildEdition'),
      sendBatch: make('sendBatch'),
      subscriptions: make('subscriptions'),
      sesEvents: make('sesEvents'),
    };
    this.functions = fns;
    for (const name of ['planEdition', 'ingestFeed', 'buildEdition', 'sendBatch', 'sesEvents'] as const) {
      fns[name].fn.addEnvironment(ENV.publicBaseUrl, publicBaseUrl);
    }
    // The subscriptions function sits behind the distribution, so it may not reference the distribution's
    // generated domain (a dependency cycle): it is given publicUrl only when that is known at synth time.
    if (deploy.publicUrl !== undefined)
      fns.subscriptions.fn.addEnvironment(ENV.publicBaseUrl, deploy.publicUrl);

    // --- Queues: plan → ingest → build → send, each with a DLQ and an alarm on it. -----------------------------
    const ingest = new WorkQueue(this, 'IngestQueue', {
      consumerTimeout: FUNCTION_SPECS.ingestFeed.timeout,
      alarmTopic,
      purpose: 'feed ingest messages',
    });
    const build = new WorkQueue(this, 'BuildQueue', {
      consumerTimeout: FUNCTION_SPECS.buildEdition.timeout,
      maxReceiveCount: 3,
      alarmTopic,
      purpose: 'edition builds',
    });
    const send = new WorkQueue(this, 'SendQueue', {
      consumerTimeout: FUNCTION_SPECS.sendBatch.timeout,
      alarmTopic,
      purpose: 'subscriber send batches',
    });

    ingest.queue.grantSendMessages(fns.planEdition.fn);
    build.queue.grantSendMessages(fns.planEdition.fn);
    build.queue.grantSendMessages(fns.ingestFeed.fn);
    send.queue.grantSendMessages(fns.planEdition.fn);
    send.queue.grantSendMessages(fns.buildEdition.fn);
    fns.planEdition.fn.addEnvironment(ENV.ingestQueueUrl, ingest.queue.queueUrl);
    fns.planEdition.fn.addEnvironment(ENV.buildQueueUrl, build.queue.queueUrl);
    fns.planEdition.fn.addEnvironment(ENV.sendQueueUrl, send.queue.queueUrl);
    fns.ingestFeed.fn.addEnvironment(ENV.buildQueueUrl, build.queue.queueUrl);
    fns.buildEdition.fn.addEnvironment(ENV.sendQueueUrl, send.queue.queueUrl);

    fns.ingestFeed.fn.addEventSource(
      new SqsEventSource(ingest.queue, { batchSize: 5, reportBatchItemFailures: true, maxConcurrency: 10 }),
    );
    fns.buildEdition.fn.addEventSource(
      new SqsEventSource(build.queue, { batchSize: 1, reportBatchItemFailures: true, maxConcurrency: 2 }),
    );
    fns.sendBatch.fn.addEventSource(
      new SqsEventSource(send.queue, {
        batchSize: 1,
        reportBatchItemFailures: true,
        maxConcurrency: SEND_CONCURRENCY,
      }),
    );

    // Asynchronous invocations (the scheduler's, SNS's) that still fail after Lambda's retries land here.
    const asyncFailures = createDeadLetterQueue(
      this,
      'AsyncFailures',
      'on-failure destinations of async invokes',
    );
    deadLetterAlarm(this, 'AsyncFailuresAlarm', asyncFailures, alarmTopic, 'scheduled plans or SES events');
    for (const fn of [fns.planEdition.fn, fns.sesEvents.fn]) {
      fn.configureAsyncInvoke({
        retryAttempts: 2,
        onFailure: new destinations.SqsDestination(asyncFailures),
      });
    }

    // --- Schedules: one per digest (its cron in its time zone) and the hourly delivery planner. ----------------
    const scheduleDlq = createDeadLetterQueue(
      this,
      'ScheduleDlq',
      'EventBridge Scheduler when it cannot invoke',
    );
    deadLetterAlarm(this, 'ScheduleDlqAlarm', scheduleDlq, alarmTopic, 'schedule invocations');
    // The scheduled time (not the invocation time) names the run, so a retried invocation plans the same run.
    const invokePlanner = (input: Record<string, string>): targets.LambdaInvoke =>
      new targets.LambdaInvoke(fns.planEdition.fn, {
        input: scheduler.ScheduleTargetInput.fromObject({
          ...input,
          scheduledTime: scheduler.ContextAttribute.scheduledTime,
        }),
        deadLetterQueue: scheduleDlq,
        retryAttempts: 3,
        maxEventAge: Duration.hours(1),
      });
    for (const digest of deploy.config.digests) {
      new scheduler.Schedule(this, `Edition-${digest.name}`, {
        description: `Tally: build the "${digest.name}" edition (${digest.schedule.cron}, ${digest.schedule.timezone})`,
        schedule: scheduler.ScheduleExpression.expression(
          toSchedulerCron(digest.schedule.cron),
          TimeZone.of(digest.schedule.timezone),
        ),
        timeWindow: scheduler.TimeWindow.off(),
        target: invokePlanner({ action: 'edition', digest: digest.name }),
      });
    }
    new scheduler.Schedule(this, 'HourlyDelivery', {
      description: 'Tally: each hour, mail the latest editions to readers whose local send hour it is',
      schedule: scheduler.ScheduleExpression.expression('cron(1 * * * ? *)', TimeZone.ETC_UTC),
      timeWindow: scheduler.TimeWindow.off(),
      target: invokePlanner({ action: 'deliver' }),
    });

    // --- SES: the sender identity, a configuration set, bounce and complaint events → SNS → ses-events. --------
    const configurationSet = new ses.ConfigurationSet(this, 'MailConfig', {
      reputationMetrics: true,
      sendingEnabled: true,
      suppressionReasons: ses.SuppressionReasons.BOUNCES_AND_COMPLAINTS,
      tlsPolicy: ses.ConfigurationSetTlsPolicy.REQUIRE,
    });
    const identity = new ses.EmailIdentity(this, 'Sender', {
      identity: senderIdentityOf(this, deploy),
      configurationSet,
    });
    const mailEvents = new sns.Topic(this, 'MailEvents', { masterKey: topicKey, enforceSSL: true });
    configurationSet.addEventDestination('ToSns', {
      destination: ses.EventDestination.snsTopic(mailEvents),
      events: [
        ses.EmailSendingEvent.BOUNCE,
        ses.EmailSendingEvent.COMPLAINT,
        ses.EmailSendingEvent.REJECT,
        ses.EmailSendingEvent.RENDERING_FAILURE,
      ],
    });
    const mailEventsDlq = createDeadLetterQueue(
      this,
      'MailEventsDlq',
      'SNS when it cannot deliver an SES event',
    );
    deadLetterAlarm(
      this,
      'MailEventsDlqAlarm',
      mailEventsDlq,
      alarmTopic,
      'SES events SNS could not deliver',
    );
    mailEvents.addSubscription(
      new subscriptions.LambdaSubscription(fns.sesEvents.fn, { deadLetterQueue: mailEventsDlq }),
    );

    const configurationSetArn = this.formatArn({
      service: 'ses',
      resource: 'configuration-set',
      resourceName: configurationSet.configurationSetName,
    });
    const maxSendRate = deploy.config.mailer.type === 'ses' ? deploy.config.mailer.maxSendRate : 14;
    for (const fn of [fns.sendBatch.fn, fns.subscriptions.fn, fns.sesEvents.fn]) {
      // The secret signs links (send-batch, subscriptions) and keys subscriber hashes (all three).
      tokenSecret.grantRead(fn);
      fn.addEnvironment(ENV.tokenSecretArn, tokenSecret.secretArn);
    }
    for (const fn of [fns.sendBatch.fn, fns.subscriptions.fn]) {
      fn.addToRolePolicy(
        new iam.PolicyStatement({
          actions: ['ses:SendEmail'],
          resources: [identity.emailIdentityArn, configurationSetArn],
          conditions: { StringEquals: { 'ses:FromAddress': deploy.senderAddress } },
        }),
      );
      fn.addEnvironment(ENV.sesConfigurationSet, configurationSet.configurationSetName);
    }
    fns.sendBatch.fn.addEnvironment(ENV.sendRate, String(maxSendRate / SEND_CONCURRENCY));

    // --- The subscriptions endpoint. ---------------------------------------------------------------------------
    // Public by design: readers subscribe from a web form and mail clients POST one-click unsubscribes (RFC 8058)
    // without credentials. Confirming, unsubscribing and changing preferences need an HMAC-signed token; the one
    // route that mails a caller-chosen address (POST /subscribe) is rate-limited per address and per IP by the
    // router. No reserved concurrency: new accounts may not reserve any below their floor of 10.
    this.subscriptionsUrl = fns.subscriptions.fn.addFunctionUrl({
      authType: lambda.FunctionUrlAuthType.NONE,
      invokeMode: lambda.InvokeMode.BUFFERED,
    });
    // Subscription links (publicUrl + /subscribe, /confirm, /unsubscribe, /preferences) reach the function
    // through the distribution, so readers see one domain. Never cached; every viewer header but Host passes.
    const subscriptionOrigin = new origins.FunctionUrlOrigin(this.subscriptionsUrl);
    for (const path of ['/subscribe*', '/confirm*', '/unsubscribe*', '/preferences*']) {
      this.distribution.addBehavior(path, subscriptionOrigin, {
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL,
        cachePolicy: cloudfront.CachePolicy.CACHING_DISABLED,
        originRequestPolicy: cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
        responseHeadersPolicy: cloudfront.ResponseHeadersPolicy.SECURITY_HEADERS,
      });
    }

    new CfnOutput(this, 'ArchiveUrl', { value: publicBaseUrl, description: 'The browsable archive' });
    new CfnOutput(this, 'SubscriptionsUrl', {
      value: this.subscriptionsUrl.url,
      description: 'Subscribe, confirm, unsubscribe',
    });
    new CfnOutput(this, 'ConfigurationSetName', { value: configurationSet.configurationSetName });
    new CfnOutput(this, 'AlarmTopicArn', { value: alarmTopic.topicArn });

    acknowledgePipelineFindings({
      stack: this,
      functions: this.functions,
      specs: FUNCTION_SPECS,
      distribution: this.distribution,
      customDomain: this.customDomain,
      storage,
    });
  }
}

function senderIdentityOf(scope: Construct, deploy: TallyDeployProps): ses.Identity {
  const sender = deploy.senderIdentity;
  if (sender.kind === 'email') return ses.Identity.email(sender.address);
  if (sender.hostedZoneId === undefined) return ses.Identity.domain(sender.domainName);
  const zone = route53.PublicHostedZone.fromPublicHostedZoneAttributes(scope, 'SenderZone', {
    hostedZoneId: sender.hostedZoneId,
    zoneName: sender.domainName,
  });
  return ses.Identity.publicHostedZone(zone);
}
