// Shared helpers for the language tests: lexing to (type, image) pairs, parsing without
// errors, printing expressions as S-expressions, and walking every AST node.
import { expect } from 'vitest';
import type { Declaration, Document, Expr, Node } from './ast.js';
import { parseDocument } from './parse.js';
import type { ParseResult } from './parse.js';
import { lexer } from './tokens.js';

export function lex(text: string): string[] {
  const r = lexer.tokenize(text);
  return r.tokens.map((t) => `${t.tokenType.name}:${t.image}`);
}

export function parse(text: string): ParseResult {
  return parseDocument(text, 'file:///test.vigil');
}

/** Parses text that must have no diagnostics. */
export function parseOk(text: string): Document {
  const r = parse(text);
  expect(r.diagnostics.map((d) => d.message)).toEqual([]);
  return r.document;
}

export function decl<K extends Declaration['kind']>(doc: Document, kind: K, i = 0): Extract<Declaration, { kind: K }> {
  const found = doc.declarations.filter((d) => d.kind === kind);
  const d = found[i];
  if (!d) throw new Error(`no ${kind} #${i}`);
  return d as Extract<Declaration, { kind: K }>;
}

/** The `when` of the only rule of `rule R "t" when <expr>`. */
export function whenOf(expr: string): Expr {
  const doc = parseOk(`rule R "t" when ${expr}`);
  const w = decl(doc, 'RuleDecl').when;
  if (!w) throw new Error('no when');
  return w;
}

/** An S-expression for an expression, for precedence and shape tests. */
export function show(e: Expr): string {
  switch (e.kind) {
    case 'LogicalExpr':
      return `(${e.op} ${show(e.left)} ${show(e.right)})`;
    case 'NotExpr':
      return `(not ${show(e.operand)})`;
    case 'CompareExpr':
      return `(${e.op} ${show(e.left)} ${show(e.right)})`;
    case 'InExpr':
      return `(${e.negated ? 'not-in' : 'in'} ${show(e.subject)} ${e.values.braced ? '{' : ''}${e.values.items.map((i) => i.value).join(',')}${e.values.braced ? '}' : ''})`;
    case 'PresenceExpr':
      return `(${e.missing ? 'missing' : 'present'} ${show(e.subject)})`;
    case 'IncludesExpr':
      return `(includes ${show(e.subject)} ${e.values.items.map((i) => i.value).join(',')})`;
    case 'ElapsedExpr':
      return `(${e.op} ${show(e.subject)} ${show(e.amount)})`;
    case 'ArithmeticExpr':
      return `(${e.op} ${show(e.left)} ${show(e.right)})`;
    case 'NegateExpr':
      return `(neg ${show(e.operand)})`;
    case 'QuantityLiteral':
      return e.unit ? `${e.value}[${e.unit.text}]` : e.value;
    case 'StringLiteral':
      return JSON.stringify(e.value);
    case 'BooleanLiteral':
      return String(e.value);
    case 'NameRef':
      return e.name.value;
    case 'MemberRef':
      return `${e.object.value}.${e.member}`;
    case 'ContextRef':
      return `@${e.which}`;
    case 'ParenExpr':
      return `(paren ${show(e.expr)})`;
  }
}

/** Every AST node under (and including) `root`. */
export function allNodes(root: Node): Node[] {
  const out: Node[] = [];
  const visit = (v: unknown): void => {
    if (Array.isArray(v)) {
      for (const x of v) visit(x);
      return;
    }
    if (v === null || typeof v !== 'object') return;
    const o = v as Record<string, unknown>;
    if (typeof o['kind'] === 'string' && 'range' in o) out.push(o as unknown as Node);
    for (const [k, x] of Object.entries(o)) if (k !== 'range' && k !== 'verbRange' && k !== 'opRange') visit(x);
  };
  visit(root);
  return out;
}

export function sliceOf(text: string, n: { range: { start: { offset: number }; end: { offset: number } } }): string {
  return text.slice(n.range.start.offset, n.range.end.offset);
}
