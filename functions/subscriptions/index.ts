// The subscription side of Tally in one place: the router and its dependencies built from a Config, for
// `tally serve` (folder store, outbox) and for the Lambda (S3, SES, deployed config).

import { BlobSubscriberStore } from '../adapters/blob-subscriber-store.js';
import type { Config } from '../config.js';
import type { BlobStore, Clock, Mailer } from '../ports.js';
import { systemClock } from '../ports.js';
import { renderConfirmation } from '../render/index.js';
import {
  createSubscriptionRouter,
  type HttpRequest,
  type HttpResponse,
  type SubscriptionRouterDeps,
} from './router.js';

export {
  BlobSubscriberStore,
  subscriberHash,
  syncConfiguredSubscribers,
} from '../adapters/blob-subscriber-store.js';
export { nodeListener, readHttpRequest, serverRoute, writeHttpResponse } from './node-http.js';
export {
  createSubscriptionRouter,
  type HttpRequest,
  type HttpResponse,
  type SubscriptionRouterDeps,
} from './router.js';
export { signToken, subscriberLinks, type TokenPurpose, verifyToken } from './tokens.js';

export interface RouterFromConfigDeps {
  store: BlobStore;
  mailer: Mailer;
  secret: string;
  clock?: Clock;
  /** Builds the double opt-in mail; the compiled confirm template (renderConfirmation) when absent. */
  confirmationMail?: SubscriptionRouterDeps['confirmationMail'];
  log?: SubscriptionRouterDeps['log'];
  /** Where confirm links point; the config's publicBaseUrl when absent. */
  publicBaseUrl?: string;
}

/** Router dependencies from a loaded config: digests and titles, the sender, the public base URL. */
export function routerDepsFromConfig(config: Config, deps: RouterFromConfigDeps): SubscriptionRouterDeps {
  return {
    store: new BlobSubscriberStore(deps.store),
    mailer: deps.mailer,
    from: config.sender.from,
    secret: deps.secret,
    publicBaseUrl: deps.publicBaseUrl ?? config.publicBaseUrl,
    digests: config.digests.map((d) => ({ name: d.name, title: d.title })),
    clock: deps.clock ?? systemClock,
    confirmationMail:
      deps.confirmationMail ??
      ((input) =>
        renderConfirmation({ ...input, publicBaseUrl: deps.publicBaseUrl ?? config.publicBaseUrl })),
    ...(deps.log !== undefined ? { log: deps.log } : {}),
  };
}

export function routerFromConfig(
  config: Config,
  deps: RouterFromConfigDeps,
): (request: HttpRequest) => Promise<HttpResponse | undefined> {
  return createSubscriptionRouter(routerDepsFromConfig(config, deps));
}
