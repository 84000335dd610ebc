// An SQS work queue with its dead-letter queue and an alarm as soon as anything lands there. A message that
// fails maxReceiveCount times is parked for 14 days instead of being retried forever or lost.
import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { acknowledge } from '../nag.js';

export interface WorkQueueProps {
  /** Timeout of the consuming function: the visibility timeout is six times it, as AWS advises for SQS sources. */
  consumerTimeout: Duration;
  maxReceiveCount?: number;
  alarmTopic: sns.ITopic;
  /** What the queue carries, for the alarm description. */
  purpose: string;
}

export class WorkQueue extends Construct {
  readonly queue: sqs.Queue;
  readonly deadLetterQueue: sqs.Queue;
  readonly alarm: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: WorkQueueProps) {
    super(scope, id);
    this.deadLetterQueue = createDeadLetterQueue(
      this,
      'Dlq',
      'the redrive policy of the work queue beside it',
    );
    this.queue = new sqs.Queue(this, 'Queue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      visibilityTimeout: Duration.seconds(props.consumerTimeout.toSeconds() * 6),
      retentionPeriod: Duration.days(4),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: props.maxReceiveCount ?? 5 },
    });
    this.alarm = deadLetterAlarm(this, 'DlqAlarm', this.deadLetterQueue, props.alarmTopic, props.purpose);
  }
}

/**
 * A queue where failed work is parked for 14 days. Every such queue has an alarm (deadLetterAlarm) and no redrive
 * of its own: a dead-letter queue of a dead-letter queue would only move the problem.
 */
export function createDeadLetterQueue(scope: Construct, id: string, filledBy: string): sqs.Queue {
  const queue = new sqs.Queue(scope, id, {
    encryption: sqs.QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
    retentionPeriod: Duration.days(14),
  });
  acknowledge(queue, [
    {
      id: 'Serverless-SQSRedrivePolicy',
      reason: `A dead-letter queue (filled by ${filledBy}); parked messages wait for a person, alerted by its alarm.`,
    },
    {
      id: 'AwsSolutions-SQS3',
      reason: `A dead-letter queue (filled by ${filledBy}); cdk-nag recognizes only DLQs named in an SQS redrive policy.`,
    },
  ]);
  return queue;
}

/** Alarms when a dead-letter queue holds at least one message. */
export function deadLetterAlarm(
  scope: Construct,
  id: string,
  queue: sqs.IQueue,
  topic: sns.ITopic,
  purpose: string,
): cloudwatch.Alarm {
  const alarm = new cloudwatch.Alarm(scope, id, {
    alarmDescription: `Tally: ${purpose} failed repeatedly and were parked in a dead-letter queue`,
    metric: queue.metricApproximateNumberOfMessagesVisible({
      period: Duration.minutes(5),
      statistic: 'Maximum',
    }),
    threshold: 1,
    evaluationPeriods: 1,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
  });
  alarm.addAlarmAction(new actions.SnsAction(topic));
  return alarm;
}
