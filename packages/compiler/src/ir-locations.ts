// The written IR must be the same on every machine: source locations name files relative
// to the rule set's root (`pretreatment.vigil`, `sub/extra.vigil`), never the absolute
// paths of the machine that compiled it.
import { fileURLToPath } from 'node:url';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { commonFolder } from '@vigil/core';

function toPath(uri: string): string {
  return uri.startsWith('file:') ? fileURLToPath(uri) : uri;
}

/** The deepest directory holding every file: the rule set's root. */
export function ruleSetRoot(files: readonly string[]): string | undefined {
  return files.length === 0 ? undefined : commonFolder(files.map((f) => resolve(toPath(f))));
}

/** `uri` relative to `root`, with `/` separators; a uri that is not a file path is kept. */
export function relativeUri(uri: string, root: string): string {
  const path = toPath(uri);
  if (!isAbsolute(path)) return uri;
  return relative(root, path).split(sep).join('/');
}

/**
 * A copy of the IR whose every `location.uri` (rules, atoms, facts, actions, and any part
 * added later) is relative to `root`.
 */
export function withRelativeLocations<T>(ir: T, root: string): T {
  const walk = (value: unknown, depth: number): unknown => {
    if (depth > 10_000) throw new Error('the IR is nested too deeply');
    if (Array.isArray(value)) return value.map((v) => walk(v, depth + 1));
    if (value === null || typeof value !== 'object') return value;
    const out: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
    for (const [k, v] of Object.entries(value)) {
      if (k === 'location' && v !== null && typeof v === 'object' && typeof (v as { uri?: unknown }).uri === 'string') {
        out[k] = { ...(v as object), uri: relativeUri((v as { uri: string }).uri, root) };
      } else out[k] = walk(v, depth + 1);
    }
    return out;
  };
  return walk(ir, 0) as T;
}
