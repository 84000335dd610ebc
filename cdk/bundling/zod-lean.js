// Stands in for `zod` in the Lambda bundles only (esbuild --alias:zod, see cdk/constructs/tally-function.ts).
// `import { z } from 'zod'` makes esbuild keep zod's whole namespace, including ~40 locale modules and the JSON
// Schema converters (about 260 KB minified) that Tally never uses. This is zod's own classic namespace
// (node_modules/zod/v4/classic/external.js) without `locales`, `toJSONSchema` and `fromJSONSchema`; English
// messages stay (schemas.js registers them). If zod moves these files, bundling fails loudly.
import * as z from './zod-lean-classic.js';

export { z, z as default };
