// `tally render`: re-renders an archived edition (editions/<digest>/<edition>/digest.json) as the HTML page,
// the text part or the JSON model, from the archive (folder or S3) named in the config or by --store.
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { TallyError, UsageError } from '../../core/errors.js';
import { keys } from '../../core/keys.js';
import { type Digest, DigestSchema, DigestStateSchema } from '../../core/model.js';
import { readJson, StoredJsonError } from '../../json-store.js';
import type { BlobStore } from '../../ports.js';
import { publicEdition, renderDigest } from '../../render/index.js';
import type { Command } from '../command.js';
import { loadRuntimeConfig, STORE_HELP, STORE_OPTIONS, storeFor } from '../runtime.js';

const HELP = `Usage: tally render --digest NAME [--edition ID] [--out FILE] [--format html|text|json] [--config FILE]

Re-renders an archived edition from editions/<digest>/<edition>/digest.json with the current templates.

Options:
  --digest NAME     the digest (its "name" in the config)
  --edition ID      the edition to render; the latest archived one when absent
  --out FILE        write to FILE instead of standard output
  --format FORMAT   html (the edition's web page, default), text (the plain-text part) or json
${STORE_HELP}

Example:
  tally render --digest daily --out daily.html`;

const EDITION_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/** The edition ids archived for a digest, in key order (the digest's state names the latest). */
export async function listEditions(store: BlobStore, digest: string): Promise<string[]> {
  const prefix = keys.digestEditions(digest);
  const ids: string[] = [];
  for await (const key of store.list(prefix)) {
    const rest = key.slice(prefix.length);
    const match = /^([^/]+)\/digest\.json$/.exec(rest);
    if (match?.[1] !== undefined) ids.push(match[1]);
  }
  return ids.sort();
}

export const renderCommand: Command = {
  name: 'render',
  summary: 'Re-render an archived edition as HTML, text or JSON',
  help: HELP,
  async run(args, io) {
    let values: {
      digest?: string;
      edition?: string;
      out?: string;
      format?: string;
      config?: string;
      store?: string;
      endpoint?: string;
    };
    try {
      ({ values } = parseArgs({
        args,
        options: {
          digest: { type: 'string' },
          edition: { type: 'string' },
          out: { type: 'string' },
          format: { type: 'string' },
          ...STORE_OPTIONS,
        },
        strict: true,
        allowPositionals: false,
      }));
    } catch (error) {
      throw new UsageError(`render: ${(error as Error).message}`, { cause: error });
    }
    if (values.digest === undefined)
      throw new UsageError('render: --digest is required (see tally render --help)');
    const format = values.format ?? 'html';
    if (format !== 'html' && format !== 'text' && format !== 'json') {
      throw new UsageError(`render: --format must be html, text or json, not "${format}"`);
    }
    if (values.edition !== undefined && !EDITION_ID.test(values.edition)) {
      throw new UsageError(`render: --edition "${values.edition}" is not an edition id`);
    }
    if (!/^[a-z0-9][a-z0-9-]{0,62}$/.test(values.digest)) {
      throw new UsageError(`render: --digest "${values.digest}" is not a digest name`);
    }

    const config = loadRuntimeConfig(values, io);
    const store = storeFor(config);
    const latest = await readJson(store, keys.digestState(values.digest), DigestStateSchema);
    const editionId =
      values.edition ?? latest?.lastEditionId ?? (await listEditions(store, values.digest)).at(-1);
    if (editionId === undefined) {
      throw new TallyError(
        'INPUT_INVALID',
        `render: no archived edition of "${values.digest}" in ${store.describe()}`,
      );
    }
    const key = keys.editionFile(values.digest, editionId, 'digest.json');
    let digest: Digest | undefined;
    try {
      digest = await readJson(store, key, DigestSchema);
    } catch (error) {
      // The archive's copy is input to this command: name it by its key, as the user asked for it.
      if (!(error instanceof StoredJsonError)) throw error;
      throw new TallyError('INPUT_INVALID', `render: ${key}: ${error.problem}`, { cause: error });
    }
    if (digest === undefined)
      throw new TallyError('INPUT_INVALID', `render: ${store.describe(key)} does not exist`);
    const edition = renderDigest(digest, { publicBaseUrl: config.publicBaseUrl });
    const page = publicEdition(edition, { subscribeUrl: config.publicBaseUrl });
    const output = format === 'json' ? edition.json : format === 'text' ? page.text : page.html;

    if (values.out === undefined) {
      io.stdout.write(output);
    } else {
      const path = resolve(io.cwd, values.out);
      await writeFile(path, output);
      io.stdout.write(`render: wrote ${path} (${editionId}, ${Buffer.byteLength(output)} bytes)\n`);
    }
    return 0;
  },
};
