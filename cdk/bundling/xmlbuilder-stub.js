// Stands in for `xmlbuilder` in the Lambda bundles only (esbuild --alias, see cdk/constructs/tally-function.ts).
// Safe because nothing reaches it: xmlbuilder is xml2js's Builder (XML writing); rss-parser calls that Builder
// only in utils.getContent, from its item builders (buildAtomFeed, buildRSS0_9/1/2), and functions/parse
// replaces all four with hooks that capture the parsed tree. Tally only parses XML. If that changes, this throws.
function unavailable() {
  throw new Error(
    'bundle: xmlbuilder is stubbed out of this bundle (cdk/bundling/xmlbuilder-stub.js); remove the alias to build XML',
  );
}

export const create = unavailable;
export const begin = unavailable;
export const stringWriter = unavailable;
export const streamWriter = unavailable;
export default { create, begin, stringWriter, streamWriter };
