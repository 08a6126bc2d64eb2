// The last good result of the features that read a check's result (semantic tokens, inlay
// hints, code actions, code lenses). While a check of the current text runs, these answer
// from the result computed for the text before the edit, with positions moved across the
// edit and what lies inside the edited span left out, instead of coming back empty or
// partial: the editor would otherwise flicker on every keystroke.
import type { CodeAction, CodeLens, InlayHint, Position, Range, SemanticTokens, TextEdit, WorkspaceEdit } from 'vscode-languageserver';
import { nodeFileSystem, SourceText } from '@vigil/core';
import { rangesOverlap, uriToPath } from './convert.js';
import type { Snapshot, Workspace } from './workspace.js';

/**
 * Positions of an old text in a new one, when the new text differs from the old in one span
 * (the common prefix and suffix are kept): before the span they stay, after it they move by
 * the change in length, inside it they are gone. Several edits between the two texts are
 * treated as one span from the first to the last.
 */
export class TextShift {
  private readonly prefix: number;
  private readonly oldSuffixStart: number;
  private readonly delta: number;

  constructor(
    readonly before: SourceText,
    readonly after: SourceText,
  ) {
    const a = before.text;
    const b = after.text;
    const max = Math.min(a.length, b.length);
    let p = 0;
    while (p < max && a.charCodeAt(p) === b.charCodeAt(p)) p++;
    let s = 0;
    while (s < max - p && a.charCodeAt(a.length - 1 - s) === b.charCodeAt(b.length - 1 - s)) s++;
    this.prefix = p;
    this.oldSuffixStart = a.length - s;
    this.delta = b.length - a.length;
  }

  /**
   * The offset in the new text of an old offset, or undefined at the edited span or in it
   * (what ends or starts right at an edit may have changed too: a name typed on).
   */
  offset(old: number): number | undefined {
    if (old < this.prefix) return old;
    if (old > this.oldSuffixStart) return old + this.delta;
    return undefined;
  }

  position(p: Position): Position | undefined {
    const o = this.offset(this.before.offsetAt(p.line, p.character));
    if (o === undefined) return undefined;
    const q = this.after.positionAt(o);
    return { line: q.line, character: q.character };
  }

  /** The range in the new text, or undefined when it touches the edited span (its text may have changed). */
  range(r: Range): Range | undefined {
    const start = this.before.offsetAt(r.start.line, r.start.character);
    const end = this.before.offsetAt(r.end.line, r.end.character);
    let s: number;
    let e: number;
    if (end < this.prefix) [s, e] = [start, end];
    else if (start > this.oldSuffixStart) [s, e] = [start + this.delta, end + this.delta];
    else return undefined;
    const a = this.after.positionAt(s);
    const b = this.after.positionAt(e);
    return { start: { line: a.line, character: a.character }, end: { line: b.line, character: b.character } };
  }
}

interface Stored<T> {
  readonly source: SourceText;
  readonly value: T;
  /** The check result it was computed from: a new result for the same text (another file of the rule set changed) makes it stale. */
  readonly snapshot?: Snapshot;
}

const WHOLE: Range = { start: { line: 0, character: 0 }, end: { line: Number.MAX_SAFE_INTEGER, character: 0 } };

/** Per document, each feature's result for the last text whose check had finished. */
export class LastGood {
  private readonly tokens = new Map<string, Stored<number[]>>();
  private readonly hints = new Map<string, Stored<InlayHint[]>>();
  private readonly actions = new Map<string, Stored<CodeAction[]>>();
  private readonly lenses = new Map<string, Stored<CodeLens[]>>();

  constructor(private readonly ws: Workspace) {}

  /** Whether the rule set's last result was computed from the document's current text. */
  private current(uri: string): boolean {
    const path = uriToPath(uri);
    const checked = this.ws.snapshotFor(uri)?.result.sources.get(path)?.text;
    return checked !== undefined && checked === this.ws.textOf(path);
  }

  private shift(uri: string, stored: Stored<unknown>): TextShift | undefined {
    const path = uriToPath(uri);
    const now = this.ws.currentSource(path);
    return new TextShift(stored.source, now);
  }

  forget(uri: string): void {
    for (const m of [this.tokens, this.hints, this.actions, this.lenses]) m.delete(uri);
  }

  semanticTokens(uri: string, compute: () => SemanticTokens): SemanticTokens {
    const stored = this.tokens.get(uri);
    if (this.current(uri) || !stored) {
      const fresh = compute();
      if (this.current(uri)) this.tokens.set(uri, { source: this.ws.currentSource(uriToPath(uri)), value: fresh.data });
      return fresh;
    }
    return { data: shiftTokens(stored.value, this.shift(uri, stored)!) };
  }

  inlayHints(uri: string, range: Range, compute: (range: Range) => InlayHint[]): InlayHint[] {
    const stored = this.hints.get(uri);
    let all: InlayHint[];
    if (this.current(uri) || !stored) {
      if (!this.current(uri)) return compute(range);
      const source = this.ws.currentSource(uriToPath(uri));
      const snapshot = this.ws.snapshotFor(uri);
      // Kept for the whole document, so that any range can be served while the next check runs.
      const kept = stored && stored.source.text === source.text && stored.snapshot === snapshot ? stored.value : compute(WHOLE);
      this.hints.set(uri, { source, value: kept, snapshot });
      all = kept;
    } else {
      const shift = this.shift(uri, stored)!;
      all = [];
      for (const h of stored.value) {
        const position = shift.position(h.position);
        if (position) all.push({ ...h, position });
      }
    }
    return all.filter((h) => rangesOverlap({ start: h.position, end: h.position }, range));
  }

  codeActions(uri: string, range: Range, compute: (range: Range) => CodeAction[]): CodeAction[] {
    const stored = this.actions.get(uri);
    let all: CodeAction[];
    if (this.current(uri) || !stored) {
      if (!this.current(uri)) return compute(range);
      const source = this.ws.currentSource(uriToPath(uri));
      const snapshot = this.ws.snapshotFor(uri);
      const kept = stored && stored.source.text === source.text && stored.snapshot === snapshot ? stored.value : compute(WHOLE);
      this.actions.set(uri, { source, value: kept, snapshot });
      all = kept;
    } else {
      const shift = this.shift(uri, stored)!;
      all = [];
      for (const a of stored.value) {
        const moved = shiftAction(a, uri, shift);
        if (moved) all.push(moved);
      }
    }
    return all.filter((a) => actionRanges(a, uri).some((r) => rangesOverlap(r, range)));
  }

  async codeLenses(uri: string, compute: () => Promise<CodeLens[]>): Promise<CodeLens[]> {
    const stored = this.lenses.get(uri);
    if (this.current(uri) || !stored) {
      const source = this.ws.currentSource(uriToPath(uri));
      const fresh = await compute();
      if (this.current(uri) && this.ws.currentSource(uriToPath(uri)) === source) this.lenses.set(uri, { source, value: fresh });
      return fresh;
    }
    // Fixture results describe the saved files: none for a document with unsaved edits.
    const path = uriToPath(uri);
    if (this.ws.docs.get(path) && this.ws.textOf(path) !== nodeFileSystem.readFile(path)) return [];
    const shift = this.shift(uri, stored)!;
    const out: CodeLens[] = [];
    for (const l of stored.value) {
      const range = shift.range(l.range);
      if (range) out.push({ ...l, range });
    }
    return out;
  }
}

/** Semantic tokens (LSP's relative encoding) moved across an edit; tokens inside it are left out. */
function shiftTokens(data: readonly number[], shift: TextShift): number[] {
  const out: number[] = [];
  let line = 0;
  let char = 0;
  let outLine = 0;
  let outChar = 0;
  for (let i = 0; i + 4 < data.length; i += 5) {
    line += data[i]!;
    char = data[i] === 0 ? char + data[i + 1]! : data[i + 1]!;
    const length = data[i + 2]!;
    const r = shift.range({ start: { line, character: char }, end: { line, character: char + length } });
    if (!r || r.start.line !== r.end.line) continue;
    const dl = r.start.line - outLine;
    if (dl < 0 || (dl === 0 && r.start.character < outChar && out.length > 0)) continue;
    out.push(dl, dl === 0 ? r.start.character - outChar : r.start.character, length, data[i + 3]!, data[i + 4]!);
    outLine = r.start.line;
    outChar = r.start.character;
  }
  return out;
}

/** The ranges of this document an action is about: its diagnostics', else its edits'. */
function actionRanges(a: CodeAction, uri: string): Range[] {
  if (a.diagnostics && a.diagnostics.length > 0) return a.diagnostics.map((d) => d.range);
  return (a.edit?.changes?.[uri] ?? []).map((e) => e.range);
}

/** A code action moved across an edit, or undefined when any of its ranges in this document touches it. */
function shiftAction(a: CodeAction, uri: string, shift: TextShift): CodeAction | undefined {
  const diagnostics = [];
  for (const d of a.diagnostics ?? []) {
    const range = shift.range(d.range);
    if (!range) return undefined;
    diagnostics.push({ ...d, range });
  }
  let edit: WorkspaceEdit | undefined = a.edit;
  if (a.edit?.changes) {
    const changes: Record<string, TextEdit[]> = {};
    for (const [target, edits] of Object.entries(a.edit.changes)) {
      if (target !== uri) {
        changes[target] = edits;
        continue;
      }
      const moved: TextEdit[] = [];
      for (const e of edits) {
        const range = shift.range(e.range);
        if (!range) return undefined;
        moved.push({ ...e, range });
      }
      changes[target] = moved;
    }
    edit = { ...a.edit, changes };
  }
  return { ...a, ...(a.diagnostics ? { diagnostics } : {}), ...(edit ? { edit } : {}) };
}
