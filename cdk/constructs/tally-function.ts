// One Tally Lambda: Node.js 22 on arm64, an ESM bundle built by the local esbuild (never Docker), explicit memory
// and timeout, X-Ray tracing, JSON logs into a log group with a retention. Every handler is deployed through it.
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Bundled ESM still meets CommonJS dependencies that call require(); this gives them one. */
export const REQUIRE_SHIM =
  "import { createRequire as __tallyCreateRequire } from 'node:module'; const require = __tallyCreateRequire(import.meta.url);";

/**
 * How every handler is bundled. scripts/bundle-report.ts builds with the same options, so the sizes it prints
 * are the sizes that ship.
 */
export const BUNDLING: nodejs.BundlingOptions = {
  format: nodejs.OutputFormat.ESM,
  mainFields: ['module', 'main'],
  target: 'node22',
  minify: true,
  sourceMap: false,
  banner: REQUIRE_SHIM,
  // The AWS SDK v3 is taken from the Node.js 22 runtime, as CDK's own default for Node >= 18 does: bundled, it was
  // ~600 KiB of every bundle. ESM handlers can import the runtime's copy. The code must therefore not rely on SDK
  // features newer than the runtime's SDK (PutObject IfNoneMatch/IfMatch have been in it since 2024), and the
  // versions in package-lock.json are what tests run against, not what ships.
  bundleAwsSDK: false,
  externalModules: ['@aws-sdk/*'],
  forceDockerBundling: false,
  logLevel: nodejs.LogLevel.WARNING,
  // esbuild runs in the repo root. zod-lean.js: about 260 KB less in every bundle. The stubs replace modules that
  // are in the import graph but never run (each file says why); they throw if ever called. Together ~350 KiB
  // of ingest-feed (xmlbuilder 67, postcss + source-map-js 87, cssomnom 194).
  esbuildArgs: {
    '--alias:zod': './cdk/bundling/zod-lean.js',
    '--alias:xmlbuilder': './cdk/bundling/xmlbuilder-stub.js',
    '--alias:postcss': './cdk/bundling/postcss-stub.js',
    '--alias:cssomnom/parse': './cdk/bundling/cssomnom-parse-stub.js',
  },
};

export interface TallyFunctionProps {
  /** Handler file relative to the repo root, e.g. functions/plan-edition.ts; it exports `handler`. */
  entry: string;
  description: string;
  memoryMb: number;
  timeout: Duration;
  environment?: Record<string, string>;
  logRetention?: logs.RetentionDays;
  reservedConcurrency?: number;
  /** Stands in for the esbuild bundle (unit tests): bundling options are then ignored. */
  code?: lambda.Code;
}

export class TallyFunction extends Construct {
  readonly fn: nodejs.NodejsFunction;
  readonly logGroup: logs.LogGroup;
  readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: TallyFunctionProps) {
    super(scope, id);
    this.logGroup = new logs.LogGroup(this, 'Logs', {
      retention: props.logRetention ?? logs.RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    // Its own role, allowed to write its own log group only (not AWSLambdaBasicExecutionRole's any-log-group).
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `${props.description.slice(0, 900)} (execution role)`,
    });
    this.logGroup.grantWrite(this.role);
    this.fn = new nodejs.NodejsFunction(this, 'Function', {
      role: this.role,
      description: props.description,
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memoryMb,
      timeout: props.timeout,
      tracing: lambda.Tracing.ACTIVE,
      loggingFormat: lambda.LoggingFormat.JSON,
      applicationLogLevelV2: lambda.ApplicationLogLevel.INFO,
      systemLogLevelV2: lambda.SystemLogLevel.WARN,
      logGroup: this.logGroup,
      environment: props.environment ?? {},
      ...(props.reservedConcurrency !== undefined
        ? { reservedConcurrentExecutions: props.reservedConcurrency }
        : {}),
      ...(props.code !== undefined
        ? { code: props.code, handler: 'index.handler' }
        : {
            entry: resolve(REPO_ROOT, props.entry),
            handler: 'handler',
            projectRoot: REPO_ROOT,
            depsLockFilePath: resolve(REPO_ROOT, 'package-lock.json'),
            bundling: BUNDLING,
          }),
    });
  }
}
