// Which rule sets live under some paths, and which files form each. A rule set is named by
// its header file, the `.vigil` file that starts with `ruleset NAME` (after comments); the
// set is the folder tree below that file's folder, minus any sub-folder that holds another
// header (a set nested in a set is a set of its own). Rule files (`.vigil`) and fixture
// files (`*.cases.yaml`, `*.facts.yaml`) go to the set of the nearest folder above them
// that holds a header. Two headers in one folder make one set (the first by path names
// it), which the checker refuses (VGL2012). Works on a list of paths and a reader, so a
// folder on disk and a git revision are discovered alike; `workspace.ts` applies it to disk.

/** One rule set and its files (absolute or repository paths, as given, `/`-separated). */
export interface DiscoveredRuleSet {
  /** The name in `ruleset NAME`. */
  readonly name: string;
  /** The file with the `ruleset` header. */
  readonly header: string;
  /** The header's folder: every file below it (outside nested sets) belongs to the set. */
  readonly root: string;
  /** `.vigil` files, header first, then in path order. */
  readonly rules: readonly string[];
  /** `*.cases.yaml` / `*.facts.yaml` (and `.yml`) files, in path order. */
  readonly fixtures: readonly string[];
}

/** One `ruleset` name declared by two folders (VGL2013). */
export interface RuleSetDiscoveryProblem {
  /** The later header. */
  readonly file: string;
  readonly name: string;
  /** The header that declared the name first. */
  readonly first: string;
  readonly message: string;
}

export interface RuleSetDiscovery {
  /** By name. */
  readonly sets: readonly DiscoveredRuleSet[];
  /** Rule and fixture files below no header's folder. */
  readonly unassigned: readonly string[];
  /** One name declared by two folders: the sets cannot be told apart. */
  readonly problems: readonly RuleSetDiscoveryProblem[];
}

export const isRuleFile = (path: string): boolean => path.endsWith('.vigil');
export const isFixtureFile = (path: string): boolean => /\.(cases|facts)\.ya?ml$/.test(path);

/** Where the header is: the offset and length of `ruleset NAME`, when the text starts with one (after whitespace and comments). */
export function rulesetHeaderAt(text: string): { readonly name: string; readonly offset: number; readonly length: number } | undefined {
  let i = 0;
  for (;;) {
    while (i < text.length && /\s/.test(text[i]!)) i++;
    if (text.startsWith('//', i)) {
      const j = text.indexOf('\n', i);
      i = j < 0 ? text.length : j + 1;
    } else if (text.startsWith('/*', i)) {
      const j = text.indexOf('*/', i + 2);
      i = j < 0 ? text.length : j + 2;
    } else break;
  }
  const m = /^ruleset\s+([A-Za-z_][A-Za-z0-9_]*)/.exec(text.slice(i, i + 200));
  return m ? { name: m[1]!, offset: i, length: m[0].length } : undefined;
}

/** `NAME` when the text starts (after whitespace and comments) with `ruleset NAME`. */
export function rulesetHeader(text: string): string | undefined {
  return rulesetHeaderAt(text)?.name;
}

const dirOf = (p: string): string => {
  const i = p.lastIndexOf('/');
  return i < 0 ? '' : i === 0 ? '/' : p.slice(0, i);
};

const within = (path: string, dir: string): boolean => dir === '' || dir === '/' ? true : path.startsWith(`${dir}/`);

/**
 * The rule sets among `files` (paths with `/` separators; other files are ignored).
 * `read` gives a `.vigil` file's text (only those are read, to find headers).
 */
export function discoverRuleSets(files: Iterable<string>, read: (path: string) => string): RuleSetDiscovery {
  const paths = [...new Set(files)].filter((p) => isRuleFile(p) || isFixtureFile(p)).sort();
  const problems: RuleSetDiscoveryProblem[] = [];
  const headers = new Map<string, { name: string; header: string }>();
  for (const p of paths) {
    if (!isRuleFile(p)) continue;
    const name = rulesetHeader(read(p));
    if (name === undefined) continue;
    const dir = dirOf(p);
    // A second header in the folder joins the first one's set, where the checker reports it.
    if (!headers.has(dir)) headers.set(dir, { name, header: p });
  }
  const byName = new Map<string, string>();
  for (const { name, header } of headers.values()) {
    const seen = byName.get(name);
    if (seen) problems.push({ file: header, name, first: seen, message: `ruleset ${name} is declared by two folders: '${seen}' and '${header}'` });
    else byName.set(name, header);
  }
  // Deepest folder first, so a file goes to the nearest header above it.
  const roots = [...headers.keys()].sort((a, b) => b.length - a.length);
  const members = new Map<string, string[]>();
  const unassigned: string[] = [];
  for (const p of paths) {
    const root = roots.find((r) => within(p, r));
    if (root === undefined) unassigned.push(p);
    else members.set(root, [...(members.get(root) ?? []), p]);
  }
  const sets: DiscoveredRuleSet[] = [...headers].map(([root, { name, header }]) => {
    const own = members.get(root) ?? [];
    return { name, header, root, rules: [header, ...own.filter((p) => isRuleFile(p) && p !== header)], fixtures: own.filter(isFixtureFile) };
  });
  sets.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.root < b.root ? -1 : 1));
  return { sets, unassigned, problems };
}
