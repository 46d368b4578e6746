// The registry: the only list of the APIs invitectl speaks to. Adding an API is one line here.
import { anthropic } from './anthropic/index.ts';
import { openai } from './openai/index.ts';
import { posthog } from './posthog/index.ts';
import { addSecretShapes } from '../redact.ts';
import type { ProviderModule } from './provider.ts';

/** Every built-in provider module, in the order help, schemas and messages list them. */
const BUILT_IN = [posthog, anthropic, openai] as const;

/** The vendor APIs invitectl speaks to; each has one provider module. */
export type ProviderName = (typeof BUILT_IN)[number]['name'];

const modules: ProviderModule[] = [...BUILT_IN];

// Every registered API's key shapes are masked in all output from here on.
addSecretShapes(() => modules.flatMap((module) => module.config.secretShapes));

/** Every registered provider module, in registry order. */
export function providerModules(): readonly ProviderModule[] {
  return modules;
}

/** The module of `name`; throws for a name no module has (the config schema refuses those first). */
export function providerModule(name: string): ProviderModule {
  const found = modules.find((module) => module.name === name);
  if (!found) throw new Error(`no provider module named ${JSON.stringify(name)}`);
  return found;
}

/**
 * Adds a provider module after the built-in ones (tests, and trying out a new API before it has
 * its line in BUILT_IN). Returns a function that removes it again. What is built from the
 * registry (the config schema) follows the list as it is when next used.
 */
export function registerProvider(module: ProviderModule): () => void {
  if (modules.some((existing) => existing.name === module.name)) throw new Error(`provider ${module.name} is already registered`);
  modules.push(module);
  return () => {
    const index = modules.indexOf(module);
    if (index >= 0) modules.splice(index, 1);
  };
}
