// The Vigil formatter: one canonical layout for every rule file. It prints the AST (so the
// layout never depends on how the input was laid out) and threads the comments back in at
// their source positions. Output parses to the same AST as the input (modulo ranges) and
// formatting is idempotent; a file with syntax errors is left alone.
import {
  actionEntry,
  actionLabel,
  expressionDepth,
  MAX_EXPRESSION_DEPTH,
  parseDocument,
  type ParseResult,
  type Action,
  type Comment,
  type Declaration,
  type Document,
  type Expr,
  type FactDecl,
  type Name,
  type OverrideItem,
  type TightenClause,
  type ProtocolDecl,
  type QuantityLiteral,
  type RangeBound,
  type RuleDecl,
  type StringLiteral,
  type TableCell,
  type TableDecl,
  type TypeNode,
  type ValueList,
  type ValueSetDecl,
} from '@vigil/core';

export interface FormatOptions {
  /** Lines longer than this are broken where the layout allows (conditions, lists). */
  readonly lineWidth?: number;
  /** Spaces per indentation level. */
  readonly indent?: number;
}

/** Formats a rule file; undefined when the text has syntax errors (nothing to lay out safely). */
export function format(text: string, uri = 'untitled.vigil', options: FormatOptions = {}): string | undefined {
  // The file's own conventions stay: a byte order mark, and CRLF line breaks when its first
  // line break is one (editors on Windows would otherwise show every line as changed).
  const bom = text.startsWith('\uFEFF');
  const body = bom ? text.slice(1) : text;
  const firstBreak = body.indexOf('\n');
  const crlf = firstBreak > 0 && body[firstBreak - 1] === '\r';
  const out = formatParsed(parseDocument(body, uri), options);
  if (out === undefined) return undefined;
  return (bom ? '\uFEFF' : '') + (crlf ? out.replace(/\r?\n/g, '\r\n') : out);
}

/**
 * `format` of a text already parsed (an editor's cached parse): undefined when it has syntax
 * errors, or an expression deeper than the pipeline accepts (VGL1004: the printer recurses).
 */
export function formatParsed(parsed: ParseResult, options: FormatOptions = {}): string | undefined {
  if (parsed.diagnostics.length > 0) return undefined;
  if (parsed.document.declarations.some((d) => expressionDepth(d) > MAX_EXPRESSION_DEPTH)) return undefined;
  const text = parsed.source.text;
  const tokenStarts = parsed.tokens.map((t) => t.startOffset);
  const tokenImages = parsed.tokens.map((t) => t.image);
  const printer = new Printer(text, parsed.document.comments, tokenStarts, tokenImages, options);
  printer.document(parsed.document);
  return printer.finish();
}

/** Whether a text is already in canonical layout (true for files with syntax errors: they are not reformatted). */
export function isFormatted(text: string, uri?: string): boolean {
  const out = format(text, uri);
  return out === undefined || out === text;
}

type BlankMode = 'always' | 'preserve' | 'never';

interface PendingLine {
  indent: number;
  blank: BlankMode;
}

/** Text that is printed as one unit, with the source offset it stands for (for comments). */
interface Piece {
  readonly text: string;
  readonly at: number;
}

class Printer {
  private readonly lines: string[] = [];
  private cur = '';
  private curHasContent = false;
  /** The current line ends in a line comment: nothing more may follow on it. */
  private closed = false;
  private pending: PendingLine | undefined = { indent: 0, blank: 'preserve' };
  private ci = 0;
  /** Indentation for a line that a comment forces to break. */
  private cont = 2;
  private readonly width: number;
  private readonly step: number;

  constructor(
    private readonly text: string,
    private readonly comments: readonly Comment[],
    private readonly tokenStarts: readonly number[],
    private readonly tokenImages: readonly string[],
    options: FormatOptions,
  ) {
    this.width = options.lineWidth ?? 100;
    this.step = options.indent ?? 2;
  }

  // ------------------------------------------------------------------ output primitives

  private column(): number {
    return this.pending ? this.pending.indent : this.cur.length;
  }

  private newline(indent: number, blank: BlankMode = 'never'): void {
    if (this.pending) {
      // Keep the stronger request when two layout decisions meet.
      const order: BlankMode[] = ['never', 'preserve', 'always'];
      this.pending = { indent, blank: order.indexOf(blank) > order.indexOf(this.pending.blank) ? blank : this.pending.blank };
      return;
    }
    this.pending = { indent, blank };
  }

  private blankInSource(at: number): boolean {
    let newlines = 0;
    for (let i = at - 1; i >= 0; i--) {
      const c = this.text.charCodeAt(i);
      if (c === 10) newlines++;
      else if (c !== 32 && c !== 9 && c !== 13 && c !== 12 && c !== 11 && c !== 0xfeff) break;
    }
    return newlines >= 2;
  }

  private materialize(at: number): void {
    const p = this.pending;
    if (!p) return;
    this.pending = undefined;
    if (this.curHasContent || this.lines.length > 0) {
      this.lines.push(this.cur.trimEnd());
      const blank = p.blank === 'always' || (p.blank === 'preserve' && this.blankInSource(at));
      if (blank && this.lines.length > 0) this.lines.push('');
    }
    this.cur = ' '.repeat(p.indent);
    this.curHasContent = false;
    this.closed = false;
  }

  private ownLine(c: Comment): boolean {
    for (let i = c.range.start.offset - 1; i >= 0; i--) {
      const ch = this.text.charCodeAt(i);
      if (ch === 10 || ch === 13) return true;
      if (ch !== 32 && ch !== 9 && ch !== 0xfeff) return false;
    }
    return true;
  }

  private commentText(c: Comment): string {
    return c.block ? c.text : c.text.trimEnd();
  }

  /** Prints the comments that come before source offset `at`. */
  private flushComments(at: number): void {
    while (this.ci < this.comments.length && this.comments[this.ci]!.range.start.offset < at) {
      const c = this.comments[this.ci++]!;
      const text = this.commentText(c);
      if (!this.ownLine(c) && !this.closed && (this.curHasContent || this.lines.length > 0)) {
        // A trailing comment stays at the end of the line it trailed.
        this.cur += (this.curHasContent ? ' ' : '') + text;
        this.curHasContent = true;
        if (!c.block) {
          this.closed = true;
          if (!this.pending) this.pending = { indent: this.cont, blank: 'never' };
        }
        continue;
      }
      const keep = this.pending ?? { indent: this.cont, blank: 'never' as BlankMode };
      if (!this.pending) this.pending = keep;
      this.materialize(c.range.start.offset);
      this.cur += text;
      this.curHasContent = true;
      this.closed = !c.block;
      // The next thing goes on its own line; a blank line after the comment is kept.
      this.pending = { indent: keep.indent, blank: keep.blank === 'always' ? 'preserve' : keep.blank };
    }
  }

  /** Prints a token (or an atomic group) that stands at source offset `at`. */
  private tok(text: string, at: number, space = true): void {
    this.flushComments(at);
    if (this.pending) this.materialize(at);
    else if (space && this.curHasContent && !this.cur.endsWith(' ')) this.cur += ' ';
    this.cur += text;
    this.curHasContent = true;
  }

  /** Glued to what precedes it (commas, closing parentheses, `.`). */
  private glue(text: string, at: number): void {
    this.tok(text, at, false);
  }

  finish(): string {
    this.flushComments(Number.POSITIVE_INFINITY);
    if (this.curHasContent) this.lines.push(this.cur.trimEnd());
    while (this.lines.length > 0 && this.lines[this.lines.length - 1] === '') this.lines.pop();
    return this.lines.length === 0 ? '' : this.lines.join('\n') + '\n';
  }

  // ------------------------------------------------------------------ source tokens

  /** Index of the first token starting at or after `offset`. */
  private tokenIndexFrom(offset: number): number {
    let lo = 0;
    let hi = this.tokenStarts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.tokenStarts[mid]! < offset) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Offset of the first token with this image at or after `offset` (or `offset` itself). */
  private after(offset: number, image: string): number {
    for (let i = this.tokenIndexFrom(offset); i < this.tokenStarts.length && i < this.tokenIndexFrom(offset) + 6; i++) {
      if (this.tokenImages[i] === image) return this.tokenStarts[i]!;
    }
    return offset;
  }

  /** Offset of the last token with this image before `offset` (or `offset` itself). */
  private before(offset: number, image: string): number {
    const start = this.tokenIndexFrom(offset) - 1;
    for (let i = start; i >= 0 && i > start - 6; i--) {
      if (this.tokenImages[i] === image) return this.tokenStarts[i]!;
    }
    return offset;
  }

  private imageAfter(offset: number): string | undefined {
    return this.tokenImages[this.tokenIndexFrom(offset)];
  }

  private src(node: { range: { start: { offset: number }; end: { offset: number } } }): string {
    return this.text.slice(node.range.start.offset, node.range.end.offset);
  }

  // ------------------------------------------------------------------ document

  document(doc: Document): void {
    let first = true;
    const item = (indent: number, blank: BlankMode) => {
      if (!first) this.newline(indent, blank);
      first = false;
    };
    if (doc.header) {
      item(0, 'always');
      const h = doc.header;
      this.tok('ruleset', this.before(h.name.range.start.offset, 'ruleset'));
      this.name(h.name);
      if (h.version) {
        this.tok('version', this.before(h.version.range.start.offset, 'version'));
        this.string(h.version);
      }
      if (h.strengths && h.strengths.length > 0) {
        const first = h.strengths[0]!.range.start.offset;
        this.tok('strengths', this.before(this.before(first, '{'), 'strengths'));
        this.tok('{', this.before(first, '{'));
        this.list(h.strengths.map((x) => ({ text: x.value, at: x.range.start.offset })));
        this.tok('}', this.after(h.strengths[h.strengths.length - 1]!.range.end.offset, '}'));
      }
    }
    let prevImport = false;
    for (const imp of doc.imports) {
      item(0, prevImport ? 'never' : 'always');
      prevImport = true;
      this.tok('import', this.before(imp.path.range.start.offset, 'import'));
      this.string(imp.path);
    }
    for (const d of doc.declarations) {
      item(0, 'always');
      this.cont = this.step;
      this.declaration(d);
    }
    this.newline(0, 'preserve');
  }

  private declaration(d: Declaration): void {
    switch (d.kind) {
      case 'FactsBlock': {
        this.tok('facts', d.range.start.offset);
        this.tok('{', this.after(d.range.start.offset, '{'));
        d.facts.forEach((f, i) => {
          this.newline(this.step, i === 0 ? 'never' : 'preserve');
          this.cont = this.step * 2;
          this.fact(f);
        });
        this.closeBlock(d.range.end.offset - 1);
        return;
      }
      case 'GroupsBlock': {
        this.tok('groups', d.range.start.offset);
        this.tok('{', this.after(d.range.start.offset, '{'));
        d.groups.forEach((g, i) => {
          this.newline(this.step, i === 0 ? 'never' : 'preserve');
          this.cont = this.step * 2;
          this.name(g.name);
          if (g.complete) this.tok('complete', this.after(g.name.range.end.offset, 'complete'));
          if (g.title) this.string(g.title);
        });
        this.closeBlock(d.range.end.offset - 1);
        return;
      }
      case 'ValueSetDecl':
        return this.valueSet(d);
      case 'DefineDecl': {
        this.tok('define', d.range.start.offset);
        if (d.standard) this.tok('standard', this.after(d.range.start.offset, 'standard'));
        this.name(d.name);
        if (d.title) this.string(d.title);
        const eq = this.after(d.title ? d.title.range.end.offset : d.name.range.end.offset, '=');
        this.tok('=', eq);
        const flat = this.flat(d.expr);
        if (this.column() + 1 + flat.length <= this.width) {
          this.cont = this.step * 2;
          this.expr(d.expr, this.step * 2);
        } else {
          this.newline(this.step, 'never');
          this.cont = this.step * 2;
          this.condition(d.expr, this.step, this.step * 2);
        }
        return;
      }
      case 'RuleDecl':
        return this.rule(d);
      case 'ProtocolDecl':
        return this.protocol(d);
      case 'TableDecl':
        return this.table(d);
    }
  }

  private fact(f: FactDecl): void {
    this.name(f.name);
    this.glue(':', this.after(f.name.range.end.offset, ':'));
    this.type(f.type);
    if (f.plausibleRange) {
      const r = f.plausibleRange;
      this.tok('range', r.range.start.offset);
      this.rangeBound(r.low);
      this.tok('to', this.after(r.low.range.end.offset, 'to'));
      this.rangeBound(r.high);
    }
    for (const o of f.options) this.tok(o.value, o.range.start.offset);
    if (f.description) this.string(f.description);
  }

  private rangeBound(b: RangeBound): void {
    this.tok(`${b.negative ? '-' : ''}${this.quantityText(b.quantity)}`, b.range.start.offset);
  }

  private type(t: TypeNode): void {
    switch (t.kind) {
      case 'PrimitiveType':
        this.tok(t.name, t.range.start.offset);
        return;
      case 'QuantityType':
        this.tok(`quantity ${t.unit.text}`, t.range.start.offset);
        return;
      case 'SetType':
        this.tok('set', t.range.start.offset);
        this.tok('of', this.after(t.range.start.offset, 'of'));
        this.type(t.element);
        return;
      case 'EnumType': {
        this.tok('enum', t.range.start.offset);
        const open = this.after(t.range.start.offset, '{');
        this.tok('{', open);
        // An enum the author wrote over several lines stays one value per line (a long list
        // of phenotypes reads better so); a one-line enum stays on its line.
        const multiline = /[\r\n]/.test(this.text.slice(open, t.range.end.offset));
        t.members.forEach((m, i) => {
          if (multiline) {
            this.newline(this.step * 2, i === 0 ? 'never' : 'preserve');
            this.cont = this.step * 3;
          }
          this.name(m);
          if (i < t.members.length - 1) this.glue(',', this.after(m.range.end.offset, ','));
        });
        if (multiline) {
          this.newline(this.step * 2, 'never');
          this.flushComments(t.range.end.offset - 1);
          this.pending = { indent: this.step, blank: 'never' };
          this.cont = this.step * 2;
        }
        this.tok('}', t.range.end.offset - 1);
      }
    }
  }

  private valueSet(d: ValueSetDecl): void {
    this.tok('valueset', d.range.start.offset);
    this.name(d.name);
    if (d.title) this.string(d.title);
    this.tok('{', this.after(d.title ? d.title.range.end.offset : d.name.range.end.offset, '{'));
    d.members.forEach((m, i) => {
      this.newline(this.step, i === 0 ? 'never' : 'preserve');
      this.cont = this.step * 2;
      this.name(m.name);
      for (const c of m.codes) {
        this.name(c.system);
        this.string(c.code);
      }
      if (i < d.members.length - 1) this.glue(',', this.after(m.range.end.offset, ','));
    });
    this.closeBlock(d.range.end.offset - 1);
  }

  /** The closing brace of a block; comments before it stay inside, indented. */
  private closeBlock(at: number): void {
    this.newline(this.step, 'preserve');
    this.cont = this.step;
    this.flushComments(at);
    this.pending = { indent: 0, blank: 'never' };
    this.tok('}', at);
  }

  /** A clause keyword at the start of its own line inside a rule or protocol. */
  private clause(keyword: string, at: number): void {
    this.newline(this.step, 'never');
    this.cont = this.step * 2;
    this.tok(keyword, at);
  }

  /** A comma-separated list that wraps under its first item when it overflows. */
  private list(pieces: readonly Piece[]): void {
    const align = this.column() + 1;
    pieces.forEach((p, i) => {
      const text = p.text + (i < pieces.length - 1 ? ',' : '');
      if (i > 0 && !this.pending && this.cur.length + 1 + text.length > this.width) this.newline(align, 'never');
      const saved = this.cont;
      this.cont = align;
      this.tok(p.text, p.at);
      this.cont = saved;
      if (i < pieces.length - 1) this.glue(',', this.after(p.at + p.text.length, ','));
    });
  }

  private sources(sources: readonly StringLiteral[]): void {
    if (sources.length === 0) return;
    this.clause('source', this.before(sources[0]!.range.start.offset, 'source'));
    this.list(sources.map((s) => ({ text: this.src(s), at: s.range.start.offset })));
  }

  private strength(s: Name | undefined): void {
    if (!s) return;
    this.clause('strength', this.before(s.range.start.offset, 'strength'));
    this.name(s);
  }

  private groups(groups: readonly Name[]): void {
    if (groups.length === 0) return;
    this.clause('group', this.before(groups[0]!.range.start.offset, 'group'));
    this.list(groups.map((g) => ({ text: g.value, at: g.range.start.offset })));
  }

  /** `tightens monitor cbc of G except X twice as often` / `… to every 1 to 2 wk`, one clause each. */
  private tightens(t: TightenClause): void {
    this.clause('tightens', t.range.start.offset);
    this.tok(overrideItemText(t.item), t.item.range.start.offset);
    if (t.factor) {
      const f = t.factor;
      this.tok(f.text, f.range.start.offset);
      if (f.text !== 'twice') this.tok('times', this.after(f.range.end.offset, 'times'));
      const as = this.after(f.range.end.offset, 'as');
      this.tok('as', as);
      this.tok('often', this.after(as, 'often'));
    } else if (t.every) {
      this.tok('to', this.before(t.every.range.start.offset, 'to'));
      this.tok('every', t.every.range.start.offset);
      this.quantity(t.every.every);
      if (t.every.everyHigh) {
        this.tok('to', this.before(t.every.everyHigh.range.start.offset, 'to'));
        this.quantity(t.every.everyHigh);
      }
    }
  }

  private rule(d: RuleDecl): void {
    this.tok('rule', d.range.start.offset);
    this.name(d.id);
    if (d.title) this.string(d.title);
    this.sources(d.sources);
    this.strength(d.strength);
    this.groups(d.groups);
    if (d.overrideItems.length > 0) {
      this.clause('overrides', this.before(d.overrideItems[0]!.range.start.offset, 'overrides'));
      this.list(d.overrideItems.map((o) => ({ text: overrideItemText(o), at: o.range.start.offset })));
    }
    for (const t of d.tightens ?? []) this.tightens(t);
    if (d.otherwise) {
      this.clause('otherwise', d.otherwise.range.start.offset);
      if (d.otherwise.group) {
        this.tok('in', this.before(d.otherwise.group.range.start.offset, 'in'));
        this.name(d.otherwise.group);
      }
    }
    if (d.when) {
      this.clause('when', this.before(d.when.range.start.offset, 'when'));
      this.condition(d.when, this.step, this.step * 2);
    }
    for (const u of d.unless) {
      this.clause('unless', this.before(u.range.start.offset, 'unless'));
      this.condition(u, this.step, this.step * 2);
    }
    for (const a of d.actions) {
      this.clause('then', this.before(a.verbRange.start.offset, 'then'));
      this.action(a);
    }
  }

  /**
   * A decision table: its clauses as a rule's, then the header and one line per row with
   * the columns aligned (each column as wide as its widest cell), so it reads as a table.
   */
  private table(d: TableDecl): void {
    this.tok('table', d.range.start.offset);
    this.name(d.id);
    if (d.title) this.string(d.title);
    this.sources(d.sources);
    this.strength(d.strength);
    this.groups(d.groups);
    if (d.hit) {
      this.clause('hit', this.before(d.hit.range.start.offset, 'hit'));
      this.name(d.hit);
    }
    if (d.when) {
      this.clause('when', this.before(d.when.range.start.offset, 'when'));
      this.condition(d.when, this.step, this.step * 2);
    }
    const header = d.columns.map((c) => this.flat(c));
    const rows = d.rows.map((r) => r.cells.map((c) => this.cellText(c)));
    const widths: number[] = [];
    for (const line of [header, ...rows]) line.forEach((t, i) => (widths[i] = Math.max(widths[i] ?? 1, t.length)));
    const line = (cells: readonly { text: string; at: number }[], lastPipe: number) => {
      this.newline(this.step, 'preserve');
      this.cont = this.step * 2;
      cells.forEach((c, i) => {
        this.tok('|', this.before(c.at, '|'));
        this.tok(c.text.padEnd(widths[i]! + 1), c.at);
      });
      this.tok('|', lastPipe);
    };
    const lastColumn = d.columns[d.columns.length - 1]!;
    line(d.columns.map((c, i) => ({ text: header[i]!, at: c.range.start.offset })), this.after(lastColumn.range.end.offset, '|'));
    this.tok('then', this.after(lastColumn.range.end.offset, 'then'));
    d.rows.forEach((row, r) => {
      line(row.cells.map((c, i) => ({ text: rows[r]![i]!, at: c.range.start.offset })), this.before(row.actions[0]!.range.start.offset, '|'));
      row.actions.forEach((a, i) => {
        if (i > 0) this.tok('then', this.before(a.verbRange.start.offset, 'then'));
        this.action(a);
      });
      if (row.sources.length > 0) {
        this.newline(this.step * 2, 'never');
        this.cont = this.step * 3;
        this.tok('source', this.before(row.sources[0]!.range.start.offset, 'source'));
        this.list(row.sources.map((x) => ({ text: this.src(x), at: x.range.start.offset })));
      }
      if (row.strength) {
        this.newline(this.step * 2, 'never');
        this.cont = this.step * 3;
        this.tok('strength', this.before(row.strength.range.start.offset, 'strength'));
        this.name(row.strength);
      }
    });
  }

  /** A cell on one line: `-`, `{ a, b }`, `not poor`, `< 2.5 10*9/L`, `2 mg to 3 mg`, `missing`. */
  private cellText(c: TableCell): string {
    if (c.tests.length === 0) return '-';
    return c.tests
      .map((t) => {
        switch (t.kind) {
          case 'CellIn':
            return `${t.negated ? 'not ' : ''}${this.flatList(t.values)}`;
          case 'CellIncludes':
            return `includes ${this.flatList(t.values)}`;
          case 'CellCompare':
            return t.opRange ? `${t.op} ${this.flat(t.value)}` : this.flat(t.value);
          case 'CellRange':
            return `${this.quantityText(t.low)} to ${this.quantityText(t.high)}`;
          case 'CellPresence':
            return t.missing ? 'missing' : 'present';
        }
      })
      .join(' and ');
  }

  private protocol(d: ProtocolDecl): void {
    this.tok('protocol', d.range.start.offset);
    this.name(d.id);
    if (d.title) this.string(d.title);
    this.sources(d.sources);
    this.strength(d.strength);
    if (d.drug) {
      this.clause('drug', this.before(d.drug.range.start.offset, 'drug'));
      this.name(d.drug);
    }
    if (d.target) {
      this.clause('target', d.target.range.start.offset);
      this.quantity(d.target.dose);
      this.tok('over', this.after(d.target.dose.range.end.offset, 'over'));
      this.quantity(d.target.duration);
    }
    for (const s of d.steps) {
      this.clause('step', s.range.start.offset);
      this.quantity(s.dose);
      this.tok('observe', this.after(s.dose.range.end.offset, 'observe'));
      this.quantity(s.observe);
    }
  }

  private action(a: Action): void {
    const at = a.verbRange.start.offset;
    const [first, ...rest] = actionEntry(a.verb)!.words;
    this.tok(first!, at);
    for (const w of rest) this.tok(w, this.after(at, w));
    if (a.targets.length === 1) this.name(a.targets[0]!);
    else if (a.targets.length > 1) {
      this.tok('{', this.before(a.targets[0]!.range.start.offset, '{'));
      a.targets.forEach((t, i) => {
        this.name(t);
        if (i < a.targets.length - 1) this.glue(',', this.after(t.range.end.offset, ','));
      });
      const last = a.targets[a.targets.length - 1]!;
      this.tok('}', this.after(last.range.end.offset, '}'));
    }
    const lastTarget = a.targets[a.targets.length - 1];
    if (a.permanent) this.tok('permanently', this.after(lastTarget ? lastTarget.range.end.offset : a.verbRange.end.offset, 'permanently'));
    const t = a.dose?.titration;
    if (a.dose && t) {
      // start A, increase by S every I to L
      this.tok('start', this.before(a.dose.low.range.start.offset, 'start'));
      this.expr(a.dose.low, this.cont);
      this.glue(',', this.after(a.dose.low.range.end.offset, ','));
      this.tok(t.direction, this.before(t.step.range.start.offset, t.direction));
      this.tok('by', this.before(t.step.range.start.offset, 'by'));
      this.expr(t.step, this.cont);
      this.tok('every', this.before(t.every.range.start.offset, 'every'));
      this.quantity(t.every);
      this.tok('to', this.before(a.dose.high!.range.start.offset, 'to'));
      this.expr(a.dose.high!, this.cont);
    } else if (a.dose) {
      this.expr(a.dose.low, this.cont);
      if (a.dose.high) {
        const start = a.dose.high.range.start.offset;
        if (a.dose.highExclusive) {
          this.tok('to', this.before(this.before(start, 'below'), 'to'));
          this.tok('below', this.before(start, 'below'));
        } else this.tok('to', this.before(start, 'to'));
        this.expr(a.dose.high, this.cont);
      }
      const f = a.dose.frequency;
      if (f) {
        this.tok(f.count, f.countRange.start.offset);
        if (f.count !== 'once' && f.count !== 'twice') this.tok('times', this.after(f.countRange.end.offset, 'times'));
        this.tok(f.period, this.after(f.countRange.end.offset, f.period));
      }
      if (a.dose.ofStandard) {
        const of = this.after((a.dose.high ?? a.dose.low).range.end.offset, 'of');
        this.tok('of', of);
        this.tok('standard', this.after(of, 'standard'));
      }
      if (a.dose.rounding) {
        const start = a.dose.rounding.range.start.offset;
        this.tok('rounded', this.before(start, 'rounded'));
        this.tok('to', this.before(start, 'to'));
        this.quantity(a.dose.rounding);
      }
    }
    if (a.schedule) {
      a.schedule.phases.forEach((p, i) => {
        if (i > 0) {
          this.glue(',', this.before(p.range.start.offset, ','));
          this.tok('then', this.before(p.range.start.offset, 'then'));
        }
        this.tok('every', p.range.start.offset);
        this.quantity(p.every);
        if (p.everyHigh) {
          this.tok('to', this.before(p.everyHigh.range.start.offset, 'to'));
          this.quantity(p.everyHigh);
        }
        if (p.bound) {
          this.tok(p.bound.kind, this.before(p.bound.amount.range.start.offset, p.bound.kind));
          this.quantity(p.bound.amount);
          if (p.bound.amountHigh) {
            this.tok('to', this.before(p.bound.amountHigh.range.start.offset, 'to'));
            this.quantity(p.bound.amountHigh);
          }
        }
      });
      const w = a.schedule.window;
      if (w) {
        this.tok('after', w.range.start.offset);
        this.quantity(w.amount);
        if (w.amountHigh) {
          this.tok('to', this.before(w.amountHigh.range.start.offset, 'to'));
          this.quantity(w.amountHigh);
        }
      }
      const anchor = a.schedule.anchor;
      if (anchor) {
        this.tok('from', this.before(anchor.range.start.offset, 'from'));
        this.name(anchor.name);
      }
    }
    if (a.message) {
      this.tok('because', this.before(a.message.range.start.offset, 'because'));
      this.string(a.message);
    }
  }

  // ------------------------------------------------------------------ leaves

  private name(n: Name): void {
    this.tok(n.value, n.range.start.offset);
  }

  private string(s: StringLiteral): void {
    this.tok(this.src(s), s.range.start.offset);
  }

  private quantityText(q: QuantityLiteral): string {
    if (!q.unit) return q.value;
    const glued = /^[%']/.test(q.unit.text);
    return glued ? `${q.value}${q.unit.text}` : `${q.value} ${q.unit.text}`;
  }

  private quantity(q: QuantityLiteral): void {
    this.tok(this.quantityText(q), q.range.start.offset);
  }

  private valueList(v: ValueList): void {
    if (!v.braced) {
      for (const item of v.items) this.name(item);
      return;
    }
    this.tok('{', v.range.start.offset);
    v.items.forEach((item, i) => {
      this.name(item);
      if (i < v.items.length - 1) this.glue(',', this.after(item.range.end.offset, ','));
    });
    this.tok('}', v.range.end.offset - 1);
  }

  // ------------------------------------------------------------------ expressions

  private arithmeticOp(left: Expr, op: string): string {
    const image = this.imageAfter(left.range.end.offset);
    return op === '*' && image === 'x' ? 'x' : op;
  }

  /** The expression on one line, without comments: used to decide where to break. */
  flat(e: Expr): string {
    switch (e.kind) {
      case 'LogicalExpr':
        return `${this.flat(e.left)} ${e.op} ${this.flat(e.right)}`;
      case 'NotExpr':
        return `not ${this.flat(e.operand)}`;
      case 'CompareExpr':
        return `${this.flat(e.left)} ${e.op} ${this.flat(e.right)}`;
      case 'InExpr':
        return `${this.flat(e.subject)} ${e.negated ? 'not in' : 'in'} ${this.flatList(e.values)}`;
      case 'PresenceExpr':
        return `${this.flat(e.subject)} is ${e.missing ? 'missing' : 'present'}`;
      case 'IncludesExpr':
        return `${this.flat(e.subject)} includes ${this.flatList(e.values)}`;
      case 'ElapsedExpr':
        return e.op === 'within'
          ? `${this.flat(e.subject)} within ${this.quantityText(e.amount)}`
          : `${this.flat(e.subject)} ${e.op} than ${this.quantityText(e.amount)} ago`;
      case 'ArithmeticExpr':
        return `${this.flat(e.left)} ${this.arithmeticOp(e.left, e.op)} ${this.flat(e.right)}`;
      case 'NegateExpr':
        return `-${this.flat(e.operand)}`;
      case 'QuantityLiteral':
        return this.quantityText(e);
      case 'StringLiteral':
        return this.src(e);
      case 'BooleanLiteral':
        return e.value ? 'true' : 'false';
      case 'NameRef':
        return e.name.value;
      case 'MemberRef':
        return `${e.object.value}.${e.member}`;
      case 'ContextRef':
        return e.which;
      case 'ParenExpr':
        return `(${this.flat(e.expr)})`;
    }
  }

  private flatList(v: ValueList): string {
    return v.braced ? `{ ${v.items.map((i) => i.value).join(', ')} }` : v.items.map((i) => i.value).join(' ');
  }

  /** Operands of a chain of the same logical operator, left to right. */
  private chain(e: Expr, op: 'and' | 'or'): Expr[] {
    if (e.kind === 'LogicalExpr' && e.op === op) return [...this.chain(e.left, op), ...this.chain(e.right, op)];
    return [e];
  }

  /**
   * A condition after a clause keyword: on one line when it fits, otherwise one operand of
   * the outermost `and`/`or` chain per line, each line led by its operator.
   */
  private condition(e: Expr, baseIndent: number, breakIndent: number): void {
    const fits = this.column() + 1 + this.flat(e).length <= this.width;
    if (fits || e.kind !== 'LogicalExpr') {
      this.cont = breakIndent;
      this.expr(e, breakIndent);
      return;
    }
    const operands = this.chain(e, e.op);
    operands.forEach((operand, i) => {
      if (i > 0) {
        this.newline(breakIndent, 'never');
        this.tok(e.op, this.before(operand.range.start.offset, e.op));
      }
      this.cont = breakIndent + this.step;
      if (operand.kind === 'ParenExpr' && operand.expr.kind === 'LogicalExpr' && this.column() + 1 + this.flat(operand).length > this.width) {
        this.tok('(', operand.range.start.offset);
        const inner = operand.expr;
        this.chain(inner, inner.op).forEach((x, j) => {
          if (j > 0) {
            this.newline(breakIndent + this.step, 'never');
            this.tok(inner.op, this.before(x.range.start.offset, inner.op));
          }
          this.expr(x, breakIndent + this.step * 2, j === 0 ? false : true);
        });
        this.glue(')', operand.range.end.offset - 1);
      } else {
        this.expr(operand, breakIndent + this.step);
      }
    });
    void baseIndent;
  }

  private expr(e: Expr, cont: number, space = true): void {
    this.cont = cont;
    switch (e.kind) {
      case 'LogicalExpr':
        this.expr(e.left, cont, space);
        this.tok(e.op, this.before(e.right.range.start.offset, e.op));
        this.expr(e.right, cont);
        return;
      case 'NotExpr':
        this.tok('not', e.range.start.offset, space);
        this.expr(e.operand, cont);
        return;
      case 'CompareExpr':
        this.expr(e.left, cont, space);
        this.tok(e.op, e.opRange.start.offset);
        this.expr(e.right, cont);
        return;
      case 'InExpr': {
        this.expr(e.subject, cont, space);
        if (e.negated) this.tok('not', this.after(e.subject.range.end.offset, 'not'));
        this.tok('in', this.before(e.values.range.start.offset, 'in'));
        this.valueList(e.values);
        return;
      }
      case 'PresenceExpr':
        this.expr(e.subject, cont, space);
        this.tok('is', this.after(e.subject.range.end.offset, 'is'));
        this.tok(e.missing ? 'missing' : 'present', e.range.end.offset - (e.missing ? 7 : 7));
        return;
      case 'IncludesExpr':
        this.expr(e.subject, cont, space);
        this.tok('includes', this.before(e.values.range.start.offset, 'includes'));
        this.valueList(e.values);
        return;
      case 'ElapsedExpr':
        this.expr(e.subject, cont, space);
        if (e.op === 'within') {
          this.tok('within', this.before(e.amount.range.start.offset, 'within'));
          this.quantity(e.amount);
        } else {
          const kw = this.after(e.subject.range.end.offset, e.op);
          this.tok(e.op, kw);
          this.tok('than', this.after(kw, 'than'));
          this.quantity(e.amount);
          this.tok('ago', this.after(e.amount.range.end.offset, 'ago'));
        }
        return;
      case 'ArithmeticExpr': {
        this.expr(e.left, cont, space);
        const op = this.arithmeticOp(e.left, e.op);
        this.tok(op, this.after(e.left.range.end.offset, op));
        this.expr(e.right, cont);
        return;
      }
      case 'NegateExpr':
        this.tok('-', e.range.start.offset, space);
        this.expr(e.operand, cont, false);
        return;
      case 'QuantityLiteral':
        this.tok(this.quantityText(e), e.range.start.offset, space);
        return;
      case 'StringLiteral':
        this.tok(this.src(e), e.range.start.offset, space);
        return;
      case 'BooleanLiteral':
        this.tok(e.value ? 'true' : 'false', e.range.start.offset, space);
        return;
      case 'NameRef':
        this.tok(e.name.value, e.range.start.offset, space);
        return;
      case 'MemberRef':
        this.tok(e.object.value, e.range.start.offset, space);
        this.glue('.', this.after(e.object.range.end.offset, '.'));
        this.glue(e.member, this.after(e.object.range.end.offset, e.member));
        return;
      case 'ContextRef':
        this.tok(e.which, e.range.start.offset, space);
        return;
      case 'ParenExpr':
        this.tok('(', e.range.start.offset, space);
        this.expr(e.expr, cont, false);
        this.glue(')', e.range.end.offset - 1);
        return;
    }
  }
}

/** An `overrides` item in its one spelling: `dose azathioprine, recommend of G except { A, B }`. */
function overrideItemText(o: OverrideItem): string {
  const actions = o.actions.map((a) => actionLabel(a.verb) + (a.target ? ` ${a.target.value}` : '')).join(', ');
  const except = o.except.length === 0 ? '' : o.except.length === 1 ? ` except ${o.except[0]!.value}` : ` except { ${o.except.map((e) => e.value).join(', ')} }`;
  return `${actions ? `${actions} of ` : ''}${o.name.value}${except}`;
}
