// The one pipeline every front end uses: load files (following imports), parse, build the
// semantic model, run the checker rules, and lower to IR when nothing is in error.
import { filesIn } from './workspace/workspace.js';
import { isFixtureFile } from './workspace/ruleset-discovery.js';
import { basename, dirname, extname, resolve } from 'node:path';
import { allRules, MAX_DIAGNOSTICS, runRules, semanticRules } from './checker/index.js';
import { logicRules } from './checker/logic-rules.js';
import { checkedOnce, clearLogicMemo } from './checker/logic-memo.js';
import { clearTypingCache } from './semantics/model/types.js';
import { compareDiagnostics, createDiagnostic, hasErrors, START_OF_TEXT, type Diagnostic } from './diagnostics/diagnostic.js';
import type { IrProgram } from './ir/ir.js';
import { LoweringError, lowerProgram } from './ir/lower.js';
import { clearNamesToken } from './semantics/model/env.js';
import { codes } from './diagnostics/codes.js';
import { EXPRESSION_RULE_ID, EXPRESSION_URI } from './expression.js';
import { limitDepth } from './language/expression-depth.js';
import { parseDocument, reparseDocument } from './language/parse.js';
import type { SourceText } from './language/source.js';
import { insideRoots, MAX_RULE_FILE_BYTES, MAX_RULE_SET_BYTES, readRuleFile, realPath, type RuleFileRead } from './rule-files.js';
import { buildModel, type ImportProblem, type LoadedFile, type SemanticModel } from './semantics/model.js';

export interface FileSystemHost {
  /** The text of a file, or undefined when it cannot be read. */
  readFile(path: string): string | undefined;
  /** The text of a file or why it cannot be read; hosts without it fall back to `readFile`. */
  read?(path: string): RuleFileRead;
}

/** The disk, through `readRuleFile`: regular files only, within the size limit. */
export const nodeFileSystem: FileSystemHost = {
  readFile(path) {
    const r = readRuleFile(path);
    return r.ok ? r.text : undefined;
  },
  read: (path) => readRuleFile(path),
};

function readThrough(host: FileSystemHost, path: string): RuleFileRead {
  if (host.read) return host.read(path);
  const text = host.readFile(path);
  return text === undefined ? { ok: false, reason: 'no such file' } : { ok: true, text };
}

/** A host that serves open documents first (an editor's unsaved text), then falls back. */
export function overlayFileSystem(overlay: ReadonlyMap<string, string>, base: FileSystemHost = nodeFileSystem): FileSystemHost {
  return {
    readFile: (p) => overlay.get(p) ?? base.readFile(p),
    read: (p) => {
      const text = overlay.get(p);
      return text !== undefined ? { ok: true, text } : readThrough(base, p);
    },
  };
}

export interface LoadOptions {
  /**
   * The folders rule files may be read from: imports resolve only to `.vigil` files inside
   * them, and a file whose symbolic links lead outside them is refused. By default, the
   * folders of the files the check starts from.
   */
  readonly roots?: readonly string[];
  /**
   * The rule set is checked once in this process (a compile, a one-off check): logic
   * results are remembered for this check only, under cheap keys, instead of under content
   * keys that let a later check of an edited rule set reuse them.
   */
  readonly once?: boolean;
}

export interface CheckResult {
  readonly diagnostics: readonly Diagnostic[];
  readonly sources: ReadonlyMap<string, SourceText>;
  readonly files: readonly LoadedFile[];
  readonly model: SemanticModel;
  /** Present when there are no errors. */
  readonly ir?: IrProgram;
}

export const RULE_FILE_EXTENSION = '.vigil';

/**
 * Rule files named by the paths, all rule sets together: a directory stands for every
 * `.vigil` file below it, sorted (the workspace service's walk; `ruleSetsIn` groups them
 * into rule sets). `roots` are the folders the paths name (a file's own folder): what
 * `LoadOptions.roots` takes, so imports stay inside what was named. Entries that are not
 * regular files (a directory or a dangling link named `x.vigil`) are kept, so that
 * reading them reports why.
 */
export function collectRuleFiles(paths: readonly string[], cwd = process.cwd()): { files: string[]; missing: string[]; roots: string[] } {
  const { files, missing, roots } = filesIn(paths, cwd);
  return { files: files.filter((f) => !isFixtureFile(f)), missing, roots };
}

/**
 * Parse cache keyed by uri and text, so re-checks after one edit only re-parse what changed:
 * an unchanged file is not parsed again, and a changed one is parsed from its last parse
 * (`reparseDocument`: only the declarations the edit touched).
 */
const parseCache = new Map<string, { text: string; result: ReturnType<typeof parseDocument> }>();

/**
 * `parseDocument` through the pipeline's cache (by uri and text): what `checkFiles` parses,
 * for front ends that rebuild a rule set's files from their texts.
 */
export function parseCached(text: string, uri: string): ReturnType<typeof parseDocument> {
  const hit = parseCache.get(uri);
  if (hit && hit.text === text) return hit.result;
  const result = reparseDocument(text, uri, hit?.result);
  if (parseCache.size > 500) parseCache.clear();
  parseCache.set(uri, { text, result });
  return result;
}

/**
 * Forgets every cached parse, every kept type and every remembered logic result: the next
 * check parses, types and solves everything from scratch (tests, benchmarks).
 */
export function clearParseCache(): void {
  parseCache.clear();
  clearLogicMemo();
  clearDeclarationResults();
}

/**
 * Forgets what was kept per declaration (types, IR, findings of declaration rules) but not
 * the parses or logic results: the next check types, lowers and checks every declaration
 * again (benchmarks: the incremental path before per-declaration results were kept).
 */
export function clearDeclarationResults(): void {
  clearTypingCache();
  clearNamesToken();
}

interface Loaded {
  files: LoadedFile[];
  parseDiagnostics: Diagnostic[];
  importProblems: ImportProblem[];
  /** Some file's parse stopped early (too many syntax errors): its later declarations are missing. */
  truncated: boolean;
}

const NOWHERE = { start: { offset: 0, line: 0, character: 0 }, end: { offset: 0, line: 0, character: 0 } };

function load(entries: readonly { uri: string; text?: string }[], host: FileSystemHost, options: LoadOptions = {}): Loaded {
  const files: LoadedFile[] = [];
  const parseDiagnostics: Diagnostic[] = [];
  let truncated = false;
  const importProblems: ImportProblem[] = [];
  const byUri = new Map<string, LoadedFile>();
  const edges = new Map<string, { target: string; at: ImportProblem['at'] }[]>();
  const realRoots = [...new Set((options.roots ?? entries.map((e) => dirname(e.uri))).map((r) => realPath(resolve(r))))];
  const unreadable = new Set<string>();
  // Why a file cannot be read, or its text; links leading outside the roots are refused
  // before anything is read, so no byte of such a file reaches a diagnostic.
  const readChecked = (uri: string): RuleFileRead => {
    if (!insideRoots(uri, realRoots)) return { ok: false, reason: `it leads outside the rule set's folders (to ${realPath(uri)})` };
    return readThrough(host, uri);
  };

  let total = 0;
  const visit = (uri: string, text: string | undefined): void => {
    if (byUri.has(uri) || unreadable.has(uri)) return;
    let body = text;
    if (body === undefined) {
      const read = readChecked(uri);
      if (!read.ok) {
        unreadable.add(uri);
        importProblems.push({ kind: 'unreadable', at: { uri, range: NOWHERE }, path: basename(uri), detail: read.reason });
        return;
      }
      body = read.text;
    }
    // Texts given in memory (an editor's buffer, a git revision) meet the per-file limit too.
    if (text !== undefined && text.length > MAX_RULE_FILE_BYTES) {
      unreadable.add(uri);
      importProblems.push({ kind: 'unreadable', at: { uri, range: NOWHERE }, path: basename(uri), detail: `it is larger than ${MAX_RULE_FILE_BYTES / (1024 * 1024)} MiB, the limit for a rule file (split it into files that import each other)` });
      return;
    }
    // The whole rule set is bounded too, so that many files within the per-file limit cannot exhaust memory.
    total += body.length;
    if (total > MAX_RULE_SET_BYTES) {
      unreadable.add(uri);
      importProblems.push({ kind: 'unreadable', at: { uri, range: NOWHERE }, path: basename(uri), detail: `the rule set's files exceed ${MAX_RULE_SET_BYTES.toLocaleString('en-US')} characters together, the limit for one rule set` });
      return;
    }
    const parsed = parseCached(body, uri);
    const { document, diagnostics: tooDeep } = limitDepth(parsed.document);
    const file: LoadedFile = { uri, source: parsed.source, document };
    for (const d of tooDeep) parseDiagnostics.push(d);
    byUri.set(uri, file);
    files.push(file);
    // One by one: spreading 100,000 diagnostics into push() overflows the stack.
    for (const d of parsed.diagnostics) parseDiagnostics.push(d);
    if (parsed.truncated) truncated = true;
    const out: { target: string; at: ImportProblem['at'] }[] = [];
    edges.set(uri, out);
    for (const imp of parsed.document.imports) {
      const target = resolve(dirname(uri), imp.path.value);
      const at = { uri, range: imp.path.range };
      if (!byUri.has(target)) {
        // The import boundary: only `.vigil` files inside the roots, checked before reading.
        const refused =
          extname(target) !== RULE_FILE_EXTENSION
            ? `only ${RULE_FILE_EXTENSION} files can be imported`
            : !insideRoots(target, realRoots)
              ? `it is outside the rule set's folders (${realRoots.join(', ')})`
              : undefined;
        if (refused) {
          importProblems.push({ kind: 'refused', at, path: imp.path.value, detail: refused });
          continue;
        }
        const read = readThrough(host, target);
        if (!read.ok) {
          importProblems.push({ kind: 'not-found', at, path: imp.path.value, detail: read.reason });
          continue;
        }
        out.push({ target, at });
        visit(target, read.text);
        continue;
      }
      out.push({ target, at });
    }
  };
  for (const e of entries) visit(e.uri, e.text);

  // Cycles: a back edge in a depth-first walk closes one; report it where it is closed.
  const state = new Map<string, 1 | 2>();
  const stack: string[] = [];
  const short = (u: string) => u.split('/').pop() ?? u;
  const dfs = (u: string): void => {
    state.set(u, 1);
    stack.push(u);
    for (const edge of edges.get(u) ?? []) {
      const s = state.get(edge.target);
      if (s === 1) {
        const cycle = [...stack.slice(stack.indexOf(edge.target)), edge.target].map(short).join(' → ');
        importProblems.push({ kind: 'cycle', at: edge.at, path: edge.target, detail: cycle });
      } else if (s === undefined) dfs(edge.target);
    }
    stack.pop();
    state.set(u, 2);
  };
  for (const f of files) if (!state.has(f.uri)) dfs(f.uri);
  return { files, parseDiagnostics, importProblems, truncated };
}

/**
 * At most MAX_DIAGNOSTICS syntax errors (the first ones, file by file), then the notes that a
 * parse stopped early, and when some were left out, one saying how many.
 */
function capped(parse: readonly Diagnostic[]): Diagnostic[] {
  if (parse.length <= MAX_DIAGNOSTICS) return [...parse];
  const notes = parse.filter((d) => d.code === codes.tooManyErrors.code);
  const kept = parse.filter((d) => d.code !== codes.tooManyErrors.code).slice(0, MAX_DIAGNOSTICS);
  const last = kept[kept.length - 1]!;
  kept.push(...notes, createDiagnostic(codes.tooManyErrors, last, {
    message: `${parse.length - notes.length - MAX_DIAGNOSTICS} more syntax errors are not shown (the first ${MAX_DIAGNOSTICS} are); fix those and check again`,
  }));
  return kept;
}

function finish(loaded: Loaded, options: LoadOptions = {}): CheckResult {
  const model = buildModel(loaded.files, loaded.importProblems);
  // Syntax errors are capped like the checker's own diagnostics; with a file whose parse
  // stopped early, names declared after the cut would be reported unknown, so the semantic
  // checks wait until the syntax errors are fixed.
  const diagnostics = capped(loaded.parseDiagnostics);
  if (!loaded.truncated) diagnostics.push(...runRules(semanticRules, model, undefined));
  let ir: IrProgram | undefined;
  if (!hasErrors(diagnostics)) {
    try {
      ir = lowerProgram(model);
      if (options.once) checkedOnce(ir);
      diagnostics.push(...runRules(logicRules, model, ir));
    } catch (err) {
      if (!(err instanceof LoweringError)) throw err;
      const first = loaded.files[0];
      diagnostics.push(createDiagnostic(codes.compileError, { uri: first?.uri ?? '', range: first?.document.range ?? START_OF_TEXT }, { reason: err.message }));
    }
    if (hasErrors(diagnostics)) ir = undefined;
  }
  diagnostics.sort(compareDiagnostics);
  return {
    diagnostics,
    sources: new Map(loaded.files.map((f) => [f.uri, f.source])),
    files: loaded.files,
    model,
    ...(ir ? { ir } : {}),
  };
}

/** Check the rule set made of these files (absolute paths) and everything they import. */
export function checkFiles(paths: readonly string[], host: FileSystemHost = nodeFileSystem, options: LoadOptions = {}): CheckResult {
  return finish(load(paths.map((uri) => ({ uri })), host, options), options);
}

/** Check one text (imports resolved against `uri`'s folder on disk). */
export function checkText(text: string, uri = '/memory/main.vigil', host: FileSystemHost = nodeFileSystem): CheckResult {
  return finish(load([{ uri, text }], host));
}

/** Check several in-memory texts as one rule set. */
export function checkTexts(texts: ReadonlyMap<string, string>, host: FileSystemHost = nodeFileSystem, options: LoadOptions = {}): CheckResult {
  return finish(load([...texts].map(([uri, text]) => ({ uri, text })), overlayFileSystem(texts, host), options), options);
}

export { EXPRESSION_RULE_ID, EXPRESSION_URI } from './expression.js';

/**
 * The rule set plus one synthetic rule whose condition is `exprText`, for `vigil eval --expr`.
 * The expression stands alone on line 2 of the synthetic file `<expr>`, so diagnostics
 * about it point at its own columns.
 */
export function checkExpression(base: CheckResult, exprText: string): CheckResult {
  const text = `rule ${EXPRESSION_RULE_ID} "expression" source "--expr" when\n${exprText.replace(/\r?\n/g, ' ')}\nthen advise because "true"\n`;
  const entries = [...base.files.map((f) => ({ uri: f.uri, text: f.source.text })), { uri: EXPRESSION_URI, text }];
  // The rule set's own folders bound its imports, not the folder of the synthetic file.
  return finish(load(entries, nodeFileSystem, { roots: base.files.map((f) => dirname(f.uri)) }));
}

export { allRules };
