// Stands in for `postcss` (and its source-map-js) in the Lambda bundles only (esbuild --alias, see
// cdk/constructs/tally-function.ts). Safe because nothing reaches it: sanitize-html parses a `style` attribute
// with postcss only once the attribute has passed allowedAttributes, and functions/clean allows `style` on no
// tag. If it ever did, this throws inside sanitize-html's try/catch, which drops the attribute: styles would
// vanish from the mail rather than leak through, so allowing styles also means removing this alias.
function unavailable() {
  throw new Error(
    'bundle: postcss is stubbed out of this bundle (cdk/bundling/postcss-stub.js); remove the alias to parse CSS',
  );
}

export const parse = unavailable;
export default { parse };
