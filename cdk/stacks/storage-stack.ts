// The stateful half: the archive bucket (every edition, item, subscriber and the deployed config), its access-log
// bucket, and the subscription token secret. Termination protection is on and everything here is retained, so
// tearing down or replacing the pipeline stack never loses data.
import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { acknowledge } from '../nag.js';

/**
 * Keys CloudFront may read: the browsable archive. Everything else (state/, items/, subscribers/, config/) stays
 * private, and the per-edition claim markers, delivery reports and mail payloads are denied explicitly below.
 */
export const PUBLIC_KEY_PATTERNS = [
  'index.html',
  'editions/*',
  'months/*',
  'ledger/*',
  'search/*',
  'assets/*',
] as const;
export const PRIVATE_EDITION_PATTERNS = [
  'editions/*/sent/*',
  'editions/*/delivery.json',
  'editions/*/mail.json',
];

/**
 * What the pipeline stack imports, by explicit export name. Named exports (rather than CDK's generated ones) keep
 * the imported ARNs stable and readable, which the IAM findings acknowledged in the pipeline stack rely on.
 */
export interface StorageExports {
  archiveBucketName: string;
  archiveBucketArn: string;
  logBucketName: string;
  tokenSecretArn: string;
}

export function storageExportNames(storageStackName: string): StorageExports {
  return {
    archiveBucketName: `${storageStackName}-ArchiveBucketName`,
    archiveBucketArn: `${storageStackName}-ArchiveBucketArn`,
    logBucketName: `${storageStackName}-LogBucketName`,
    tokenSecretArn: `${storageStackName}-TokenSecretArn`,
  };
}

export class StorageStack extends Stack {
  readonly archiveBucket: s3.Bucket;
  readonly logBucket: s3.Bucket;
  readonly tokenSecret: secretsmanager.Secret;
  readonly exportNames: StorageExports;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, { terminationProtection: true, ...props });

    this.logBucket = new s3.Bucket(this, 'LogBucket', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      // CloudFront standard logging still writes with ACLs; S3 server access logs use the bucket policy.
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: [{ id: 'expire-logs', expiration: Duration.days(90) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    acknowledge(this.logBucket, [
      {
        id: 'AwsSolutions-S1',
        reason: 'This is the access-log bucket itself; logging it into itself would loop.',
      },
    ]);

    this.archiveBucket = new s3.Bucket(this, 'ArchiveBucket', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      versioned: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: this.logBucket,
      serverAccessLogsPrefix: 'archive-access/',
      lifecycleRules: [
        {
          // Items are read by the editions of their window, then only rarely (ledger rebuilds, audits). Only items
          // of 128 KB and more move (transitionDefaultMinimumObjectSize): Standard-IA bills any object as 128 KB
          // and charges per transition, so moving a typical 5 KB item would cost more than keeping it.
          id: 'items-to-infrequent-access',
          prefix: 'items/',
          transitions: [
            { storageClass: s3.StorageClass.INFREQUENT_ACCESS, transitionAfter: Duration.days(30) },
          ],
        },
        {
          // Run markers only coordinate one scheduled run (plan → ingest → build); old ones are noise.
          id: 'expire-run-markers',
          prefix: 'state/runs/',
          expiration: Duration.days(14),
        },
        {
          // Feed state, the ledger and subscriber records are overwritten often; keep recent versions for
          // recovery, not forever.
          id: 'expire-old-versions',
          noncurrentVersionExpiration: Duration.days(30),
          noncurrentVersionsToRetain: 3,
          abortIncompleteMultipartUploadAfter: Duration.days(7),
          expiredObjectDeleteMarker: true,
        },
      ],
      transitionDefaultMinimumObjectSize: s3.TransitionDefaultMinimumObjectSize.ALL_STORAGE_CLASSES_128_K,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    // CloudFront (origin access control) may read the browsable keys. The distribution lives in the pipeline
    // stack; naming its exact ARN here would make the two stacks depend on each other, so the grant is bound to
    // distributions of this account (the pattern CDK itself uses for OAC key policies) and to public keys only.
    const cloudFront = new iam.ServicePrincipal('cloudfront.amazonaws.com');
    const fromThisAccount = {
      ArnLike: { 'AWS:SourceArn': `arn:${this.partition}:cloudfront::${this.account}:distribution/*` },
    };
    this.archiveBucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'CloudFrontReadsPublicArchive',
        effect: iam.Effect.ALLOW,
        principals: [cloudFront],
        actions: ['s3:GetObject'],
        resources: PUBLIC_KEY_PATTERNS.map((pattern) => this.archiveBucket.arnForObjects(pattern)),
        conditions: fromThisAccount,
      }),
    );
    this.archiveBucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'CloudFrontNeverReadsDeliveryRecords',
        effect: iam.Effect.DENY,
        principals: [cloudFront],
        actions: ['s3:GetObject'],
        resources: PRIVATE_EDITION_PATTERNS.map((pattern) => this.archiveBucket.arnForObjects(pattern)),
      }),
    );

    this.tokenSecret = new secretsmanager.Secret(this, 'TokenSecret', {
      description: 'HMAC key for Tally subscription tokens (confirm, unsubscribe, preferences links)',
      generateSecretString: { passwordLength: 64, excludePunctuation: true, includeSpace: false },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    acknowledge(this.tokenSecret, [
      {
        id: 'AwsSolutions-SMG4',
        reason:
          'The secret signs the unsubscribe and preference links already mailed to readers; automatic rotation would break every outstanding link (one-click unsubscribe must keep working). Rotate by hand as described in docs/deploy.md.',
      },
    ]);

    this.exportNames = storageExportNames(this.stackName);
    const exported: Record<keyof StorageExports, string> = {
      archiveBucketName: this.archiveBucket.bucketName,
      archiveBucketArn: this.archiveBucket.bucketArn,
      logBucketName: this.logBucket.bucketName,
      tokenSecretArn: this.tokenSecret.secretArn,
    };
    for (const [key, value] of Object.entries(exported) as Array<[keyof StorageExports, string]>) {
      new CfnOutput(this, key.charAt(0).toUpperCase() + key.slice(1), {
        value,
        exportName: this.exportNames[key],
      });
    }
  }
}
