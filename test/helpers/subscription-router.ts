// The subscription router's deps as a deployment wires them, for tests that go through subscribe and confirm.
import { OutboxMailer } from '../../functions/adapters/outbox-mailer.js';
import type { SubscriberStore } from '../../functions/ports.js';
import { renderConfirmation } from '../../functions/render/index.js';
import type { SubscriptionRouterDeps } from '../../functions/subscriptions/router.js';

/**
 * Router deps as a deployment wires them for one "Daily Figures" digest: confirmation mail rendered by the real
 * template and written to an outbox folder, so a test reads the link a reader would click.
 */
export function outboxRouterDeps(options: {
  store: SubscriberStore;
  outbox: string;
  secret: string;
  publicBaseUrl: string;
  now: () => Date;
}): SubscriptionRouterDeps {
  const { store, outbox, secret, publicBaseUrl, now } = options;
  return {
    store,
    mailer: new OutboxMailer(outbox),
    from: 'Tally <digest@tally.example.org>',
    secret,
    publicBaseUrl,
    digests: [{ name: 'daily', title: 'Daily Figures' }],
    clock: { now },
    confirmationMail: (input) => renderConfirmation({ ...input, publicBaseUrl }),
  };
}
