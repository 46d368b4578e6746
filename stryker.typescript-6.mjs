// Resolves `typescript` to the typescript-6 devDependency inside Stryker only: its tsconfig rewriting and TypeScript checker need the compiler API TypeScript 7 no longer ships.
import { registerHooks } from 'node:module';

registerHooks({
  resolve(specifier, context, nextResolve) {
    if (specifier === 'typescript' && /[\\/]@stryker-mutator[\\/]/.test(context.parentURL ?? '')) return nextResolve('typescript-6', context);
    return nextResolve(specifier, context);
  },
});
