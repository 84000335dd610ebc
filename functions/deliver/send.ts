// Sending an archived edition to its subscribers: the recipients are the active subscribers of the digest,
// each message personalized from the precompiled edition (string work only; mjml is not loaded here).

import { loadEdition } from '../archive/index.js';
import type { Subscriber } from '../core/model.js';
import type { PipelineDeps } from '../pipeline/types.js';
import type { Mailer, SubscriberStore } from '../ports.js';
import { personalize } from '../render/index.js';
import { subscriberLinks } from '../subscriptions/tokens.js';
import { type DeliveryReport, deliverEdition } from './claims.js';

/** What sending needs: the archive, the subscriber records (read again before each send) and a mailer. */
export interface DeliverDeps extends Pick<PipelineDeps, 'config' | 'store' | 'clock'> {
  subscribers: SubscriberStore;
  mailer: Mailer;
  /** Signs the unsubscribe and preference links. */
  secret: string;
}

/** Every active subscriber, read once per run; each digest then takes those who chose it. */
export async function activeSubscribers(subscribers: SubscriberStore): Promise<Subscriber[]> {
  const out: Subscriber[] = [];
  for await (const s of subscribers.list()) {
    if (s.status === 'active') out.push(s);
  }
  return out;
}

/** Sends the edition (the digest's latest when editionId is undefined); undefined when it is not archived. */
export async function deliverTo(
  digestName: string,
  editionId: string | undefined,
  recipients: Subscriber[],
  deps: DeliverDeps,
): Promise<DeliveryReport | undefined> {
  const edition = await loadEdition(deps, digestName, editionId);
  if (!edition) return undefined;
  const { config } = deps;
  const host = new URL(config.publicBaseUrl).hostname;
  return deliverEdition({
    digest: digestName,
    editionId: edition.editionId,
    recipients,
    store: deps.store,
    subscribers: deps.subscribers,
    mailer: deps.mailer,
    from: config.sender.from,
    listId: `${digestName}.${host}`,
    clock: deps.clock,
    ...(config.mailer.type === 'ses' ? { maxPerSecond: config.mailer.maxSendRate } : {}),
    message: (recipient) => {
      const links = subscriberLinks(config.publicBaseUrl, recipient.hash, deps.secret, deps.clock.now());
      return { ...personalize(edition.rendered, links), unsubscribeUrl: links.unsubscribeUrl };
    },
  });
}
