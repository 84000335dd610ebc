// The deliver stage, last in the pipeline: an archived edition goes to each subscriber once. Start here.
//   deliverTo        load an edition from the archive, personalize it per subscriber, send it (send.ts)
//   deliverEdition   claim-then-send, one mail per subscriber per edition, paced and retried (claims.ts)
//   isDue            whose local send hour it is (schedule.ts); recentEdition: which edition is still worth
//                    sending (recent.ts); planDeliveries: due subscribers into SQS send batches (plan.ts)
// Subscriber records come through the SubscriberStore port; only the wiring (the CLI runtime, aws/wire-*.ts)
// builds the adapter behind it. The Lambda handlers import the one file they need, to keep their bundles small.

export {
  claimKey,
  type DeliverEditionInput,
  type DeliveryReport,
  deliverEdition,
  listIdHeader,
} from './claims.js';
export { type DeliveryPlanDeps, type DueCheck, planDeliveries } from './plan.js';
export { isRecentEdition, recentEdition } from './recent.js';
export { dueRecipients, isDue, localHour } from './schedule.js';
export { activeSubscribers, type DeliverDeps, deliverTo } from './send.js';
