// The AWS SDK clients, loaded on first use. The Lambda bundles leave `@aws-sdk/*` external (the runtime provides
// it) and esbuild hoists a static import of an external module to the top of the bundle, so a static import would
// load the SDK while the bundle itself is imported, before any invocation. Modules that talk to AWS therefore
// import the SDK's types statically (`import type`) and its values through these loaders: each module is imported
// once per process and the promise is shared; a failed import is forgotten, so the next call tries again
// (core/once.ts). The /* @__PURE__ */ marks let a bundle drop the loaders it never
// calls, so each names only the SDK clients it uses (test/cdk/bundles.test.ts).
import { once } from '../core/once.js';

export const loadS3 = /* @__PURE__ */ once(() => import('@aws-sdk/client-s3'));
export const loadSesV2 = /* @__PURE__ */ once(() => import('@aws-sdk/client-sesv2'));
export const loadSqs = /* @__PURE__ */ once(() => import('@aws-sdk/client-sqs'));
export const loadSecretsManager = /* @__PURE__ */ once(() => import('@aws-sdk/client-secrets-manager'));

export type S3Module = Awaited<ReturnType<typeof loadS3>>;
export type SesV2Module = Awaited<ReturnType<typeof loadSesV2>>;
export type SqsModule = Awaited<ReturnType<typeof loadSqs>>;
export type SecretsManagerModule = Awaited<ReturnType<typeof loadSecretsManager>>;
