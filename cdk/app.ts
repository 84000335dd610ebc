// `cdk synth` / `cdk deploy` entry: context (config path, sender, domain, hosted zone…) → typed props → stacks.
import { App } from 'aws-cdk-lib';
import { isTallyError } from '../functions/core/errors.js';
import { loadDeployProps, readDeployContext } from './props.js';
import { buildTally } from './tally-app.js';

const app = new App();
try {
  const deploy = loadDeployProps(
    readDeployContext((key) => app.node.tryGetContext(key)),
    process.cwd(),
  );
  const account = process.env.CDK_DEFAULT_ACCOUNT;
  const region = process.env.CDK_DEFAULT_REGION;
  buildTally(app, deploy, account !== undefined && region !== undefined ? { env: { account, region } } : {});
} catch (error) {
  // A config or context mistake is the user's to fix: one line, no stack trace.
  if (!isTallyError(error)) throw error;
  console.error(error.message);
  process.exit(1);
}
app.synth();
