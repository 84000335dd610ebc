// Stands in for `cssomnom/parse` in the Lambda bundles only (esbuild --alias, see cdk/constructs/tally-function.ts).
// Safe because nothing reaches it: linkedom calls it only in HTMLStyleElement's `sheet` getter (the CSSOM of a
// <style>), and neither @mozilla/readability nor Tally's cleaner, feed discovery or full-text reader reads
// `sheet` or `document.styleSheets`; Readability removes <style> elements unread. If that changes, this throws.
export function parse() {
  throw new Error(
    'bundle: cssomnom (linkedom <style>.sheet) is stubbed out of this bundle (cdk/bundling/cssomnom-parse-stub.js)',
  );
}
