// cdk-nag v3 runs as CDK policy-validation plugins; findings are acknowledged with CDK's Validations API.
// cdk-nag is CommonJS whose named exports Node's ESM loader cannot detect, hence the default import.
import { Validations } from 'aws-cdk-lib';
import cdkNag from 'cdk-nag';
import type { IConstruct } from 'constructs';

export const { AwsSolutionsChecks, ServerlessChecks } = cdkNag;

/** A finding accepted on purpose: the rule (or rule[finding]) id and why it does not apply. */
export interface Acknowledged {
  id: string;
  reason: string;
}

/** Acknowledges findings on a construct and everything under it. */
export function acknowledge(scope: IConstruct, findings: Acknowledged[]): void {
  Validations.of(scope).acknowledge(...findings);
}
