// Open documents and the rule sets they belong to. A rule set ("project") is what the core's
// workspace service gives (`ruleSetOf`: the files of the nearest `ruleset` header's folder
// tree, as `vigil check` finds them) plus everything they import, with open documents
// overlaying the disk. Each
// project is checked by the core pipeline (in a worker when one is available), debounced
// after edits, one check at a time per project. Results are versioned: each carries the
// generation and document versions it was computed from; a result for text the editor has
// since replaced is never published for that document, and diagnostics carry the version.
// Requests wait for the result of the current text, except in rule sets whose checks are
// slow, which answer from the last result while the next check runs.
import { sep } from 'node:path';
import { codes, nodeFileSystem, ruleSetAt, ruleSetOf, rulesetHeader, SourceText, type CheckResult, type Document, type ParseResult } from '@vigil/core';
import { parseCached } from '@vigil/core/services';
import type { Diagnostic } from 'vscode-languageserver';
import { InProcessChecker, type Checker } from './checker.js';
import { modelIsBuilt } from '@vigil/core/services';
import { toLspDiagnostic, pathToUri, uriToPath } from './convert.js';
import { SymbolIndex } from './symbols.js';

export interface OpenDocument {
  readonly uri: string;
  readonly path: string;
  version: number;
  text: string;
}

export interface Snapshot {
  readonly key: string;
  readonly generation: number;
  readonly result: CheckResult;
  /** Document versions the result was computed from (undefined: read from disk). */
  readonly versions: ReadonlyMap<string, number | undefined>;
  index(): SymbolIndex;
}

interface Project {
  readonly key: string;
  readonly dir: string | undefined;
  /** Bumped by every edit that concerns the project. */
  generation: number;
  timer: ReturnType<typeof setTimeout> | undefined;
  running: boolean;
  snapshot: Snapshot | undefined;
  /** The newest snapshot whose files and model are built (see navigationSnapshotFor). */
  built: Snapshot | undefined;
  published: Set<string>;
  /** How long the last check took (ms). */
  lastDuration: number;
  /** Requests waiting for a result of the current generation. */
  waiters: (() => void)[];
}

/**
 * Rule sets whose checks take longer than this answer requests from their last result while
 * edits are pending: a completion that waits longer than this for a check feels slow.
 */
const STALE_OK_AFTER_MS = 100;
/**
 * Delay between an edit and its check. It only has to merge the notifications of one burst
 * (they arrive within a few milliseconds): edits that arrive while a check runs are merged
 * anyway, since a rule set has one check at a time and the next one takes the latest text.
 */
export const DEFAULT_DEBOUNCE_MS = 20;
/** A request never waits longer than this for a check when a previous result exists. */
const MAX_WAIT_MS = 5000;

export interface WorkspaceOptions {
  readonly debounceMs?: number;
  readonly checker?: Checker;
  publish(uri: string, version: number | undefined, diagnostics: Diagnostic[]): void;
  log?(message: string): void;
}

export class Workspace {
  readonly docs = new Map<string, OpenDocument>();
  private readonly projects = new Map<string, Project>();
  private readonly parseCache = new Map<string, { text: string; parsed: ParseResult }>();
  private readonly sources = new Map<string, SourceText>();
  /** The rule set folder of each file asked about, until documents open, close or files change. */
  private readonly roots = new Map<string, string>();
  private readonly debounceMs: number;
  private readonly checker: Checker;
  private disposed = false;

  constructor(private readonly options: WorkspaceOptions) {
    this.debounceMs = options.debounceMs ?? DEFAULT_DEBOUNCE_MS;
    this.checker = options.checker ?? new InProcessChecker();
  }

  // ------------------------------------------------------------------ documents

  open(uri: string, version: number, text: string): void {
    const path = uriToPath(uri);
    this.docs.set(path, { uri, path, version, text });
    this.roots.clear();
    this.touch(path, 0);
  }

  change(uri: string, version: number, text: string): void {
    const path = uriToPath(uri);
    const doc = this.docs.get(path);
    if (doc && version <= doc.version) return; // an out-of-order change never wins
    // A header typed or removed changes which rule set files belong to.
    if (doc && rulesetHeader(doc.text) !== rulesetHeader(text)) this.roots.clear();
    this.docs.set(path, { uri, path, version, text });
    this.touch(path, this.debounceMs);
  }

  close(uri: string): void {
    const path = uriToPath(uri);
    const key = this.keyOf(path);
    this.docs.delete(path);
    this.roots.clear();
    this.parseCache.delete(path);
    this.sources.delete(path);
    const project = this.projects.get(key);
    if (!project) return;
    if (project.dir === undefined) {
      // An unsaved document's rule set goes away with it.
      if (project.timer) clearTimeout(project.timer);
      project.generation++;
      for (const p of project.published) this.options.publish(this.uriOf(p), undefined, []);
      this.projects.delete(key);
      for (const w of project.waiters.splice(0)) w();
      return;
    }
    this.touch(path, 0);
  }

  /** Files changed on disk (a save from another tool, a git checkout). */
  filesChanged(uris: readonly string[]): void {
    this.roots.clear();
    for (const uri of uris) {
      const path = uriToPath(uri);
      for (const p of this.projects.values()) {
        if ((p.dir !== undefined && path.startsWith(p.dir + sep)) || p.snapshot?.result.sources.has(path)) this.schedule(p, this.debounceMs);
      }
    }
  }

  document(uri: string): OpenDocument | undefined {
    return this.docs.get(uriToPath(uri));
  }

  /** The text of a file: the open document's, else the disk's. */
  textOf(path: string): string | undefined {
    return this.docs.get(path)?.text ?? nodeFileSystem.readFile(path);
  }

  uriOf(path: string): string {
    return this.docs.get(path)?.uri ?? pathToUri(path);
  }

  /** Tokens and AST of a file's current text, cached by text. */
  parse(path: string): ParseResult | undefined {
    const text = this.textOf(path);
    if (text === undefined) return undefined;
    const hit = this.parseCache.get(path);
    if (hit && hit.text === text) return hit.parsed;
    const parsed = parseCached(text, path);
    this.parseCache.set(path, { text, parsed });
    return parsed;
  }

  /** The AST of a file's current text: from the last check when it is current, else parsed here. */
  ast(path: string): { document: Document; source: SourceText } | undefined {
    const text = this.textOf(path);
    if (text === undefined) return undefined;
    const s = this.projects.get(this.keyOf(path))?.snapshot;
    const file = s?.result.files.find((f) => f.uri === path);
    if (file && file.source.text === text) return { document: file.document, source: file.source };
    const parsed = this.parse(path);
    return parsed && { document: parsed.document, source: parsed.source };
  }

  /** The current text of a file as positions (the open document's, else the disk's). */
  currentSource(path: string): SourceText {
    const text = this.textOf(path) ?? '';
    const hit = this.sources.get(path);
    if (hit && hit.text === text) return hit;
    const s = new SourceText(path, text);
    this.sources.set(path, s);
    return s;
  }

  // ------------------------------------------------------------------ projects

  private keyOf(path: string): string {
    if (!(path.startsWith('/') || /^[A-Za-z]:[\\/]/.test(path))) return `doc:${path}`;
    let root = this.roots.get(path);
    if (root === undefined) {
      root = ruleSetOf(path, { overlay: this.overlay() }).root;
      this.roots.set(path, root);
    }
    return `dir:${root}`;
  }

  /** The open documents' texts, by path: they stand in for the disk. */
  private overlay(): Map<string, string> {
    return new Map([...this.docs].map(([path, d]) => [path, d.text]));
  }

  private project(key: string): Project {
    let p = this.projects.get(key);
    if (!p) {
      p = { key, dir: key.startsWith('dir:') ? key.slice(4) : undefined, generation: 1, timer: undefined, running: false, snapshot: undefined, built: undefined, published: new Set(), lastDuration: 0, waiters: [] };
      this.projects.set(key, p);
    }
    return p;
  }

  private dirty(p: Project): boolean {
    return !p.snapshot || p.snapshot.generation !== p.generation;
  }

  private touch(path: string, delay: number): void {
    const key = this.keyOf(path);
    this.schedule(this.project(key), delay);
    // Other rule sets that import this file see the edit too.
    for (const p of this.projects.values()) {
      if (p.key !== key && p.snapshot?.result.sources.has(path)) this.schedule(p, delay);
    }
  }

  private schedule(p: Project, delay: number): void {
    p.generation++;
    if (p.timer) clearTimeout(p.timer);
    p.timer = setTimeout(() => {
      p.timer = undefined;
      this.run(p);
    }, delay);
  }

  /** Makes sure a project exists for every folder that holds rule files (for workspace symbols). */
  addFolders(paths: readonly string[]): void {
    for (const path of paths) this.project(`dir:${path}`);
  }

  /**
   * Resolves when the rule set of `uri` has a result for its current text, or at once when
   * `allowStale` and the rule set is slow to check and has a result already.
   */
  ready(uri: string, allowStale = true): Promise<void> {
    return this.readyProject(this.project(this.keyOf(uriToPath(uri))), allowStale);
  }

  private readyProject(p: Project, allowStale: boolean): Promise<void> {
    if (!this.dirty(p)) return Promise.resolve();
    if (allowStale && p.snapshot && p.lastDuration > STALE_OK_AFTER_MS) return Promise.resolve();
    if (p.timer) {
      clearTimeout(p.timer);
      p.timer = undefined;
    }
    return new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        resolve();
      };
      // Keep answering while someone types without pause: after a while, the last result will do.
      const timer = setTimeout(() => {
        p.waiters = p.waiters.filter((w) => w !== done);
        resolve();
      }, p.snapshot ? MAX_WAIT_MS : MAX_WAIT_MS * 6);
      p.waiters.push(done);
      this.run(p);
    });
  }

  /** Every rule set's result, checking those that have none yet. */
  async allSnapshots(): Promise<Snapshot[]> {
    const list = [...this.projects.values()];
    await Promise.all(list.map((p) => this.readyProject(p, true)));
    return list.map((p) => p.snapshot).filter((s): s is Snapshot => s !== undefined);
  }

  /** The last result for the rule set of a document (await `ready` first for a current one). */
  snapshotFor(uri: string): Snapshot | undefined {
    return this.projects.get(this.keyOf(uriToPath(uri)))?.snapshot;
  }

  /**
   * The newest result whose files and model are built, for requests that must answer at
   * once (completion) and can use names one check old: a worker's result is built on this
   * thread, and a request should not wait for that while the author types.
   */
  navigationSnapshotFor(uri: string): Snapshot | undefined {
    const p = this.projects.get(this.keyOf(uriToPath(uri)));
    if (!p?.snapshot) return undefined;
    return modelIsBuilt(p.snapshot.result) ? p.snapshot : (p.built ?? p.snapshot);
  }

  /**
   * Builds a new result's files and model right after its diagnostics are published, when
   * the thread is otherwise idle (a check has just ended), not when the next edit starts a
   * check and the author is typing.
   */
  private prepareNavigation(p: Project, snapshot: Snapshot): void {
    setImmediate(() => {
      if (this.disposed || p.snapshot !== snapshot) return;
      try {
        void snapshot.result.model;
        // The symbol index too: hover, definition and references read it, and would otherwise
        // build it on the first request after each check.
        snapshot.index();
        p.built = snapshot;
      } catch (error) {
        this.options.log?.(`cannot rebuild the result of ${p.key}: ${error instanceof Error ? error.message : String(error)}`);
      }
    });
  }

  private entries(p: Project): string[] {
    if (p.dir === undefined) return [p.key.slice(4)];
    // The rule set's files as `vigil check` finds them, subfolders included (files below no
    // header: the folder's own); not only regular files: a dangling link or a pipe named
    // x.vigil is reported as unreadable, never left out.
    return [...ruleSetAt(p.dir, { overlay: this.overlay(), loose: 'folder' }).rules].sort();
  }

  private run(p: Project): void {
    if (this.disposed || p.running || !this.dirty(p)) return;
    if (p.dir === undefined && !this.projects.has(p.key)) return;
    p.running = true;
    const generation = p.generation;
    const overlay = new Map<string, string>();
    const versionsNow = new Map<string, number>();
    for (const d of this.docs.values()) {
      overlay.set(d.path, d.text);
      versionsNow.set(d.path, d.version);
    }
    const started = performance.now();
    const checking = this.checker.check({ entries: this.entries(p), overlay, key: p.key });
    checking
      .then(
        (result) => {
          // A check that ends after shutdown publishes nothing.
          if (this.disposed) return;
          p.lastDuration = performance.now() - started;
          const versions = new Map<string, number | undefined>();
          for (const uri of result.sources.keys()) versions.set(uri, versionsNow.get(uri));
          let index: SymbolIndex | undefined;
          const snapshot: Snapshot = { key: p.key, generation, result, versions, index: () => (index ??= new SymbolIndex(result)) };
          // Results complete in order (one check at a time), so this one is the newest.
          p.snapshot = snapshot;
          this.publish(p, snapshot);
          this.prepareNavigation(p, snapshot);
        },
        (error: unknown) => {
          // Shutdown stops the check worker; the check it was running is not a failure.
          if (this.disposed) return;
          this.options.log?.(`check failed for ${p.key}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
          // Count the failed generation as done so that requests do not wait for it forever.
          if (p.snapshot) p.snapshot = { ...p.snapshot, generation };
        },
      )
      .finally(() => {
        p.running = false;
        if (this.disposed) return;
        if (!this.dirty(p)) {
          for (const w of p.waiters.splice(0)) w();
        } else if (!p.timer || p.waiters.length > 0) {
          // Edits arrived during the check: go again (their debounce timer may already have fired).
          this.run(p);
        }
      });
  }

  private publish(p: Project, s: Snapshot): void {
    if (p.dir === undefined && !this.projects.has(p.key)) return;
    const byPath = new Map<string, Diagnostic[]>();
    // Only rule sets with an open document show diagnostics (folders checked for workspace
    // symbols stay quiet); closing the last document clears them.
    let open = false;
    for (const d of this.docs.values()) if (s.result.sources.has(d.path)) open = true;
    if (open) for (const uri of s.result.sources.keys()) byPath.set(uri, []);
    // A rule file that cannot be read has no source but still gets its error (VGL2010).
    if (open) for (const d of s.result.diagnostics) if (d.code === codes.unreadableFile.code && !byPath.has(d.uri)) byPath.set(d.uri, []);
    const sourceOf = (path: string): SourceText | undefined => s.result.sources.get(path);
    for (const d of s.result.diagnostics) {
      const list = byPath.get(d.uri);
      if (list) list.push(toLspDiagnostic(d, sourceOf));
    }
    for (const old of p.published) if (!byPath.has(old)) this.options.publish(this.uriOf(old), undefined, []);
    p.published = new Set(byPath.keys());
    for (const [path, diagnostics] of byPath) {
      // A result for text the editor has since replaced is not shown for that document.
      const doc = this.docs.get(path);
      const version = s.versions.get(path);
      if (doc && doc.version !== version) continue;
      if (!doc && version !== undefined) continue;
      this.options.publish(this.uriOf(path), doc?.version, diagnostics);
    }
  }

  dispose(): void {
    this.disposed = true;
    for (const p of this.projects.values()) {
      if (p.timer) clearTimeout(p.timer);
      for (const w of p.waiters.splice(0)) w();
    }
    this.checker.dispose();
  }
}
