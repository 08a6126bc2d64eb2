// The compiler back end, loaded when a command needs it.
import type { Services } from './services.js';

type CompilerApi = Pick<Services, 'generateEngine' | 'instantiateEngine' | 'emitIrJson'>;

export async function loadCompiler(): Promise<CompilerApi> {
  const specifier = '@vigil/compiler';
  const mod = (await import(specifier)) as Partial<CompilerApi>;
  if (typeof mod.generateEngine !== 'function' || typeof mod.instantiateEngine !== 'function' || typeof mod.emitIrJson !== 'function') {
    throw new Error('@vigil/compiler does not export generateEngine, instantiateEngine and emitIrJson');
  }
  return mod as CompilerApi;
}
