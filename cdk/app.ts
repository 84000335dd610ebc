// `cdk synth` / `cdk deploy` entry: context (config path, sender, domain, hosted zone) → typed props → stacks.
import { App } from 'aws-cdk-lib';
import { loadDeployProps, readDeployContext } from './props.js';
import { buildTally } from './tally-app.js';

const app = new App();
const deploy = loadDeployProps(
  readDeployContext((key) => app.node.tryGetContext(key)),
  process.cwd(),
);
const account = process.env.CDK_DEFAULT_ACCOUNT;
const region = process.env.CDK_DEFAULT_REGION;
buildTally(app, deploy, account !== undefined && region !== undefined ? { env: { account, region } } : {});
app.synth();
