// Loads the templates compiled at build time (npm run build:templates). A missing or stale module is reported
// when rendering, with what to run, instead of failing every import of the render stage.
import { TallyError } from '../core/errors.js';
import { asCompiledTemplates, type CompiledTemplates } from './template.js';

async function load(): Promise<CompiledTemplates | undefined> {
  try {
    // The module is generated (templates/compiled/ is not in git); a literal path keeps it bundleable.
    // biome-ignore lint/suspicious/noTsIgnore: absent before the first build, which must not break type-checking
    // @ts-ignore
    const module: { default?: unknown } = await import('../../templates/compiled/templates.js');
    return asCompiledTemplates(module.default);
  } catch {
    return undefined;
  }
}

const compiled = await load();

export function compiledTemplate(name: string): CompiledTemplates['templates'][string] {
  const entry = compiled?.templates[name];
  if (entry === undefined) {
    throw new TallyError('TEMPLATE_INVALID', 'render: templates not compiled; run npm run build:templates');
  }
  return entry;
}
