// The runtime a generated engine package embeds (factsFromFhir and the CDS Hooks service),
// bundled at build time: scripts/build.mjs resolves `vigil:package-runtime` to its ES
// module and CommonJS text. Only the bundled CLI has it.
import type { PackageRuntime } from '@vigil/compiler';

export async function packageRuntime(): Promise<PackageRuntime> {
  try {
    const mod = (await import(/* @vite-ignore */ 'vigil:package-runtime' as string)) as PackageRuntime;
    return { esm: mod.esm, cjs: mod.cjs };
  } catch {
    throw new Error('this build of vigil has no package runtime: run the bundled CLI (pnpm build, then node packages/cli/dist/vigil.mjs)');
  }
}
