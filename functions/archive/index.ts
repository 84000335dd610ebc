// Archive stage: a built edition kept for good under editions/<digest>/<editionId>/ (its Digest as JSON, its public
// page as HTML and text, the rendered mail the sender reads back), the figure ledger beside it, then the digest's
// state that says the edition exists, then the browsable site (site/). Writing in that order means a crash leaves
// at worst files no state points to yet, and the rerun writes the same keys again.
import { keys } from '../core/keys.js';
import {
  type Digest,
  type DigestState,
  DigestStateSchema,
  type RenderedEdition,
  RenderedEditionSchema,
} from '../core/model.js';
import { readJson, writeJson } from '../json-store.js';
import type { BlobStore } from '../ports.js';
import { publicEdition } from '../render/index.js';
import { type Ledger, ledgerToCsv, ledgerToJson } from '../track/index.js';
import { type UpdateArchiveOptions, updateArchive } from './site/index.js';

export type { DigestState } from '../core/model.js';

/** One built edition, as the archive keeps it. */
export interface ArchivedEdition {
  digest: Digest;
  /** The rendered mail with its per-subscriber slots (mail.json); the public page is derived from it. */
  rendered: RenderedEdition;
  /** The ledger with this edition's figures added. */
  ledger: Ledger;
}

/** The site the edition is added to; `now` is also the build time the digest's state records. */
export type ArchiveSite = Pick<UpdateArchiveOptions, 'publicBaseUrl' | 'digests' | 'now'>;

/** An edition's files never change once written; the ledger does, after every edition. */
const IMMUTABLE = 'public, max-age=31536000, immutable';
const LEDGER_CACHE = 'public, max-age=300';

/**
 * Writes the edition's files and the ledger, then the digest's state, then updates the site. Returns the keys
 * written (the state's excepted).
 */
export async function archiveEdition(
  store: BlobStore,
  edition: ArchivedEdition,
  site: ArchiveSite,
): Promise<string[]> {
  const { digest, rendered, ledger } = edition;
  // The archive copy is addressed to nobody: where the mail has its unsubscribe link, the page invites to subscribe.
  const subscribeUrl = `${site.publicBaseUrl.replace(/\/+$/, '')}/subscribe`;
  const archived = publicEdition(rendered, { subscribeUrl });

  const written: string[] = [];
  const put = async (key: string, body: string, contentType: string, cacheControl = IMMUTABLE) => {
    await store.put(key, body, { contentType, cacheControl });
    written.push(key);
  };
  const name = digest.digest;
  const editionId = digest.editionId;
  await put(
    keys.editionFile(name, editionId, 'digest.json'),
    `${JSON.stringify(digest)}\n`,
    'application/json',
  );
  await put(keys.editionFile(name, editionId, 'digest.html'), archived.html, 'text/html; charset=utf-8');
  await put(keys.editionFile(name, editionId, 'digest.txt'), archived.text, 'text/plain; charset=utf-8');
  await put(
    keys.editionFile(name, editionId, 'mail.json'),
    `${JSON.stringify(rendered)}\n`,
    'application/json',
  );
  await put(keys.ledgerJson, ledgerToJson(ledger), 'application/json', LEDGER_CACHE);
  await put(keys.ledgerCsv, ledgerToCsv(ledger), 'text/csv; charset=utf-8', LEDGER_CACHE);

  const state: DigestState = { digest: name, lastEditionId: editionId, lastBuiltAt: site.now.toISOString() };
  await writeJson(store, keys.digestState(name), state);
  const updated = await updateArchive(store, {
    publicBaseUrl: site.publicBaseUrl,
    digests: site.digests,
    now: site.now,
  });
  written.push(...updated.written);
  return written;
}

/** An archived edition of a digest (its latest when no id is given), as the sender needs it. */
export async function loadEdition(
  deps: { store: BlobStore },
  digest: string,
  editionId?: string,
): Promise<{ editionId: string; rendered: RenderedEdition } | undefined> {
  const id =
    editionId ?? (await readJson(deps.store, keys.digestState(digest), DigestStateSchema))?.lastEditionId;
  if (!id) return undefined;
  const rendered = await readJson(
    deps.store,
    keys.editionFile(digest, id, 'mail.json'),
    RenderedEditionSchema,
  );
  return rendered ? { editionId: id, rendered } : undefined;
}
