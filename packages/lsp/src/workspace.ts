// Open documents and the rule sets they belong to. A rule set ("project") is the folder's
// .vigil files plus everything they import, with open documents overlaying the disk. Each
// project is checked by the core pipeline, debounced after edits; a request that needs a
// fresh result checks at once. Results are versioned by generation: a result computed for
// older text never replaces a newer one, and diagnostics carry the document version.
import { readdirSync } from 'node:fs';
import { dirname, extname, join } from 'node:path';
import { checkFiles, nodeFileSystem, overlayFileSystem, parseDocument, SourceText, type CheckResult, type ParseResult } from '@vigil/core';
import type { Diagnostic } from 'vscode-languageserver';
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
  generation: number;
  dirty: boolean;
  timer: ReturnType<typeof setTimeout> | undefined;
  snapshot: Snapshot | undefined;
  published: Set<string>;
  /** How long the last check took (ms): large rule sets answer requests from the last result while edits are pending. */
  lastDuration: number;
}

/** Checks faster than this are redone before answering a request; slower ones are not waited for. */
const STALE_OK_AFTER_MS = 250;

export interface WorkspaceOptions {
  readonly debounceMs?: number;
  publish(uri: string, version: number | undefined, diagnostics: Diagnostic[]): void;
  log?(message: string): void;
}

export class Workspace {
  readonly docs = new Map<string, OpenDocument>();
  private readonly projects = new Map<string, Project>();
  private readonly parseCache = new Map<string, { text: string; parsed: ParseResult }>();
  private readonly sources = new Map<string, SourceText>();
  private readonly debounceMs: number;
  private disposed = false;

  constructor(private readonly options: WorkspaceOptions) {
    this.debounceMs = options.debounceMs ?? 50;
  }

  // ------------------------------------------------------------------ documents

  open(uri: string, version: number, text: string): void {
    const path = uriToPath(uri);
    this.docs.set(path, { uri, path, version, text });
    this.touch(path, 0);
  }

  change(uri: string, version: number, text: string): void {
    const path = uriToPath(uri);
    const doc = this.docs.get(path);
    if (doc && version < doc.version) return; // an out-of-order change never wins
    this.docs.set(path, { uri, path, version, text });
    this.touch(path, this.debounceMs);
  }

  close(uri: string): void {
    const path = uriToPath(uri);
    this.docs.delete(path);
    this.parseCache.delete(path);
    this.sources.delete(path);
    const key = this.keyOf(path);
    const project = this.projects.get(key);
    if (!project) return;
    if (project.dir === undefined) {
      // An unsaved document's rule set goes away with it.
      if (project.timer) clearTimeout(project.timer);
      for (const p of project.published) this.options.publish(this.uriOf(p), undefined, []);
      this.projects.delete(key);
      return;
    }
    this.touch(path, 0);
  }

  /** Files changed on disk (a save from another tool, a git checkout). */
  filesChanged(uris: readonly string[]): void {
    for (const uri of uris) {
      const path = uriToPath(uri);
      for (const p of this.projects.values()) {
        if (p.dir === dirname(path) || p.snapshot?.result.sources.has(path)) this.schedule(p, this.debounceMs);
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

  /** Tokens and AST of one open document, cached by text. */
  parse(path: string): ParseResult | undefined {
    const text = this.textOf(path);
    if (text === undefined) return undefined;
    const hit = this.parseCache.get(path);
    if (hit && hit.text === text) return hit.parsed;
    const parsed = parseDocument(text, path);
    this.parseCache.set(path, { text, parsed });
    return parsed;
  }

  // ------------------------------------------------------------------ projects

  private keyOf(path: string): string {
    return path.startsWith('/') || /^[A-Za-z]:[\\/]/.test(path) ? `dir:${dirname(path)}` : `doc:${path}`;
  }

  private project(key: string): Project {
    let p = this.projects.get(key);
    if (!p) {
      p = { key, dir: key.startsWith('dir:') ? key.slice(4) : undefined, generation: 0, dirty: true, timer: undefined, snapshot: undefined, published: new Set(), lastDuration: 0 };
      this.projects.set(key, p);
    }
    return p;
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
    p.dirty = true;
    p.generation++;
    if (p.timer) clearTimeout(p.timer);
    p.timer = setTimeout(() => {
      p.timer = undefined;
      if (!this.disposed && p.dirty) this.run(p);
    }, delay);
  }

  /** Makes sure a project exists for every folder that holds rule files (for workspace symbols). */
  addFolders(paths: readonly string[]): void {
    for (const path of paths) this.project(`dir:${path}`);
  }

  allSnapshots(): Snapshot[] {
    const out: Snapshot[] = [];
    for (const p of this.projects.values()) {
      const s = this.fresh(p);
      if (s) out.push(s);
    }
    return out;
  }

  /**
   * The result for the rule set of a document: checked now if edits are pending, unless
   * `allowStale` and the rule set is so large that its last check took long; the last result
   * is then returned while the debounced check catches up.
   */
  snapshotFor(uri: string, allowStale = false): Snapshot | undefined {
    return this.fresh(this.project(this.keyOf(uriToPath(uri))), allowStale);
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

  private fresh(p: Project, allowStale = false): Snapshot | undefined {
    if (allowStale && p.dirty && p.snapshot && p.lastDuration > STALE_OK_AFTER_MS) return p.snapshot;
    if (p.dirty || !p.snapshot) {
      if (p.timer) clearTimeout(p.timer);
      p.timer = undefined;
      this.run(p);
    }
    return p.snapshot;
  }

  private entries(p: Project): string[] {
    if (p.dir === undefined) return [p.key.slice(4)];
    const files = new Set<string>();
    try {
      for (const e of readdirSync(p.dir, { withFileTypes: true })) {
        if (e.isFile() && extname(e.name) === '.vigil' && !e.name.startsWith('.')) files.add(join(p.dir, e.name));
      }
    } catch {
      // The folder is gone or unreadable: open documents still form a rule set.
    }
    for (const d of this.docs.values()) if (dirname(d.path) === p.dir) files.add(d.path);
    return [...files].sort();
  }

  private run(p: Project): void {
    const generation = p.generation;
    const overlay = new Map<string, string>();
    const versions = new Map<string, number | undefined>();
    for (const d of this.docs.values()) overlay.set(d.path, d.text);
    let result: CheckResult;
    const started = performance.now();
    try {
      result = checkFiles(this.entries(p), overlayFileSystem(overlay));
      p.lastDuration = performance.now() - started;
    } catch (error) {
      this.options.log?.(`check failed for ${p.key}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      p.dirty = false;
      return;
    }
    if (generation !== p.generation && p.snapshot && p.snapshot.generation > generation) return;
    for (const f of result.files) versions.set(f.uri, this.docs.get(f.uri)?.version);
    let index: SymbolIndex | undefined;
    const snapshot: Snapshot = {
      key: p.key,
      generation,
      result,
      versions,
      index: () => (index ??= new SymbolIndex(result)),
    };
    p.snapshot = snapshot;
    p.dirty = generation !== p.generation;
    this.publish(p, snapshot);
  }

  private publish(p: Project, s: Snapshot): void {
    const byPath = new Map<string, Diagnostic[]>();
    for (const f of s.result.files) byPath.set(f.uri, []);
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
      if (doc && version !== undefined && doc.version !== version) continue;
      this.options.publish(this.uriOf(path), doc?.version, diagnostics);
    }
  }

  sourceOf(s: Snapshot, path: string): SourceText | undefined {
    return s.result.sources.get(path);
  }

  dispose(): void {
    this.disposed = true;
    for (const p of this.projects.values()) if (p.timer) clearTimeout(p.timer);
  }
}
