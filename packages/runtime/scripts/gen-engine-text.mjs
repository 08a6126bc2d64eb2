#!/usr/bin/env node
// Generates packages/runtime/src/engine/engine-text.generated.ts: the text every generated
// engine carries (the prelude and the exact-decimal helpers), from their typed sources with
// the types erased. Erasing deletes exactly the type syntax and keeps everything else
// (layout, comments), so the engine text reads as its source does; the CLI bundle, the
// tests and the library then import one string, whatever transforms their own code.
//
// Each check of the erasure is against TypeScript's own: the typed text and the erased
// text must compile to the same JavaScript. Type syntax the eraser does not know is an error.
//
//   node packages/runtime/scripts/gen-engine-text.mjs           (rewrite it)
//   node packages/runtime/scripts/gen-engine-text.mjs --check   (exit 1 when it is out of date)
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';
import ts from 'typescript';

const RUNTIME = join(dirname(fileURLToPath(import.meta.url)), '..');
const ROOT = join(RUNTIME, '../..');
const TARGET = join(RUNTIME, 'src/engine/engine-text.generated.ts');

/** The prelude's modules, in engine order; each contributes the text below its marker line. */
export const PRELUDE_MODULES = ['numbers', 'iso', 'validate', 'slow-paths'].map((m) => join(RUNTIME, `src/engine/prelude/${m}.ts`));
/** The exact-decimal helpers engines embed, from src/exact.ts (self-contained functions). */
export const EXACT_FUNCTIONS = ['exactScale', 'exactCompareProduct', 'exactCompareFraction'];
export const MARKER = '// ---- engine text';
/** The result and option types every engine.d.ts declares: src/types.ts below this line. */
export const TYPES_MARKER = '// ---- engine declarations';

class EraseError extends Error {}

function fail(file, sf, node, what) {
  const { line, character } = sf.getLineAndCharacterOfPosition(node.getStart(sf));
  throw new EraseError(`${relative(ROOT, file)}:${line + 1}:${character + 1}: ${what} cannot be erased to engine text`);
}

const hasModifier = (node, kind) => (ts.canHaveModifiers(node) ? (ts.getModifiers(node) ?? []) : []).some((m) => m.kind === kind);

/**
 * `text` (the part of `file` from offset `from`) with its type syntax deleted, `export`
 * keywords included. Declarations of types, imports and `declare`s are refused: they belong
 * above the marker.
 */
export function eraseTypes(file, source, from = 0, to = source.length) {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  const cuts = [];
  const cut = (start, end) => void cuts.push([start, end]);
  const before = (pos, ch) => {
    if (source[pos - 1] !== ch) throw new EraseError(`${relative(ROOT, file)}: expected ${ch} at offset ${pos - 1}`);
    return pos - 1;
  };
  const visit = (node) => {
    if (node.end <= from || node.getStart(sf) >= to) return;
    if (ts.isTypeNode(node)) return;
    if (ts.isImportDeclaration(node) || ts.isImportEqualsDeclaration(node)) fail(file, sf, node, 'an import');
    if (ts.isTypeAliasDeclaration(node) || ts.isInterfaceDeclaration(node) || ts.isEnumDeclaration(node) || ts.isModuleDeclaration(node)) fail(file, sf, node, 'a type declaration');
    if (ts.isTypeAssertionExpression(node)) fail(file, sf, node, 'an angle-bracket type assertion');
    if (ts.isHeritageClause(node) && node.token === ts.SyntaxKind.ImplementsKeyword) fail(file, sf, node, 'an implements clause');
    if (hasModifier(node, ts.SyntaxKind.DeclareKeyword)) {
      if (ts.isPropertyDeclaration(node)) {
        cut(node.getFullStart(), node.end);
        return;
      }
      fail(file, sf, node, 'a declare statement');
    }
    if (ts.isPropertyDeclaration(node)) fail(file, sf, node, 'a class field (write `declare name: T;` and assign it in the constructor)');
    for (const kind of [ts.SyntaxKind.PrivateKeyword, ts.SyntaxKind.PublicKeyword, ts.SyntaxKind.ProtectedKeyword, ts.SyntaxKind.ReadonlyKeyword, ts.SyntaxKind.AbstractKeyword, ts.SyntaxKind.OverrideKeyword]) {
      if (hasModifier(node, kind)) fail(file, sf, node, `the modifier ${ts.tokenToString(kind)}`);
    }
    if (hasModifier(node, ts.SyntaxKind.ExportKeyword)) {
      const m = ts.getModifiers(node).find((x) => x.kind === ts.SyntaxKind.ExportKeyword);
      let end = m.end;
      while (source[end] === ' ') end++;
      cut(m.getStart(sf), end);
    }
    if (ts.isExportDeclaration(node) || ts.isExportAssignment(node)) fail(file, sf, node, 'an export list');
    if (ts.isParameter(node)) {
      if (node.type) cut(node.name.end, node.type.end);
      else if (node.questionToken) cut(node.questionToken.pos, node.questionToken.end);
      if (node.name.kind === ts.SyntaxKind.Identifier && node.name.text === 'this') fail(file, sf, node, 'a this parameter');
    }
    if (ts.isVariableDeclaration(node) && (node.type || node.exclamationToken)) cut(node.name.end, node.type ? node.type.end : node.exclamationToken.end);
    if (ts.isFunctionLike(node)) {
      if (node.typeParameters) cut(before(node.typeParameters.pos, '<'), node.typeParameters.end + 1);
      if (node.type) cut(before(node.type.pos, ':'), node.type.end);
      if ((ts.isFunctionDeclaration(node) || ts.isMethodDeclaration(node)) && !node.body) fail(file, sf, node, 'an overload signature');
    }
    if ((ts.isCallExpression(node) || ts.isNewExpression(node)) && node.typeArguments) cut(before(node.typeArguments.pos, '<'), node.typeArguments.end + 1);
    if (ts.isAsExpression(node) || ts.isSatisfiesExpression(node) || ts.isNonNullExpression(node)) cut(node.expression.end, node.end);
    if (ts.isExpressionWithTypeArguments(node) && node.typeArguments) fail(file, sf, node, 'type arguments in a heritage clause');
    // forEachChild stops at a callback's truthy result: visit returns nothing.
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(sf, visit);
  cuts.sort((a, b) => a[0] - b[0]);
  let out = '';
  let at = from;
  for (const [s, e] of cuts) {
    if (e <= at || s >= to) continue;
    out += source.slice(at, Math.max(at, s));
    at = Math.min(e, to);
  }
  return out + source.slice(at, to);
}

/** Refuses text that is not plain JavaScript (a type left behind is a syntax error). */
function plainJavaScript(what, text) {
  try {
    new vm.Script(text, { filename: what });
  } catch (e) {
    throw new EraseError(`${what}: the erased text is not JavaScript: ${e.message}`);
  }
}

/** What TypeScript compiles `text` to, without comments, blank lines, exports and imports: to compare erasures. */
function compiled(text) {
  const js = ts.transpileModule(text, { compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, removeComments: true } }).outputText;
  return js
    .split('\n')
    .map((l) => l.replace(/^(\s*)export /, '$1'))
    .filter((l) => l.trim() !== '' && l !== 'export {};')
    .join('\n');
}

/** The engine text of one typed module: below its marker, types erased, checked against TypeScript's erasure. */
export function moduleText(file) {
  const source = readFileSync(file, 'utf8');
  const at = source.indexOf(`\n${MARKER}`);
  if (at < 0) throw new EraseError(`${relative(ROOT, file)}: no line starting "${MARKER}"`);
  const from = source.indexOf('\n', at + 1) + 1;
  const text = eraseTypes(file, source, from);
  if (compiled(source.slice(from)) !== compiled(text)) throw new EraseError(`${relative(ROOT, file)}: the erased text does not compile to what TypeScript makes of the typed text`);
  plainJavaScript(relative(ROOT, file), text);
  return text;
}

/** The text of the named function declarations of `file`, types erased, one after another. */
export function functionsText(file, names) {
  const source = readFileSync(file, 'utf8');
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  return names
    .map((name) => {
      const fn = sf.statements.find((s) => ts.isFunctionDeclaration(s) && s.name?.text === name);
      if (!fn) throw new EraseError(`${relative(ROOT, file)}: no function ${name}`);
      // From `function` on, as Function.prototype.toString gives it.
      const start = fn.modifiers ? ts.skipTrivia(source, fn.modifiers.at(-1).end) : fn.getStart(sf);
      const own = eraseTypes(file, source, start, fn.end);
      if (compiled(source.slice(start, fn.end)) !== compiled(own)) throw new EraseError(`${relative(ROOT, file)}: the erased ${name} does not compile to what TypeScript makes of it`);
      plainJavaScript(`${relative(ROOT, file)} ${name}`, own);
      return own;
    })
    .join('\n');
}

function literal(name, text, what) {
  if (text.includes('`') || text.includes('${') || /\\u\{|\r/.test(text)) throw new EraseError(`${what} holds a backtick, "\${", a "\\u{" escape or a carriage return: engine text is a raw template literal`);
  return `/** ${what} */\nexport const ${name} = String.raw\`${text}\`;\n`;
}

/** The declarations of src/types.ts below its marker, as engine.d.ts files carry them: types only. */
export function declarationsText(file) {
  const source = readFileSync(file, 'utf8');
  const at = source.indexOf(`\n${TYPES_MARKER}\n`);
  if (at < 0) throw new EraseError(`${relative(ROOT, file)}: no line "${TYPES_MARKER}"`);
  const text = source.slice(at + TYPES_MARKER.length + 2).replace(/^\n+/, '');
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  for (const st of sf.statements) {
    if (!ts.isInterfaceDeclaration(st) && !ts.isTypeAliasDeclaration(st)) fail(file, sf, st, 'a statement that is not a type declaration');
    if (!hasModifier(st, ts.SyntaxKind.ExportKeyword)) fail(file, sf, st, 'an unexported declaration');
  }
  return text;
}

export function generate() {
  const [numbers, iso, validate, slowPaths] = PRELUDE_MODULES.map(moduleText);
  const exact = functionsText(join(RUNTIME, 'src/exact.ts'), EXACT_FUNCTIONS);
  const rounding = functionsText(join(RUNTIME, 'src/dose-rounding.ts'), ['roundDose']);
  return [
    '// Generated by packages/runtime/scripts/gen-engine-text.mjs from src/engine/prelude/*.ts and',
    '// src/exact.ts and src/dose-rounding.ts, the types erased: do not edit. Generated engines copy these texts verbatim.',
    '',
    literal('EXACT_HELPERS_TEXT', exact, `The exact-decimal helpers of src/exact.ts: ${EXACT_FUNCTIONS.join(', ')}.`),
    literal('ROUND_DOSE_TEXT', rounding, 'Doses rounded for display (src/dose-rounding.ts): roundDose, embedded by engines whose rules declare a step.'),
    literal('ISO_TEXT', iso, 'ISO 8601 parsing (prelude/iso.ts), also embedded by the zod schema module.'),
    literal('PRELUDE_TEXT', [numbers, iso, validate, slowPaths].join('\n'), 'The prelude: prelude/numbers.ts, iso.ts, validate.ts and slow-paths.ts.'),
    '/** The result and option types of src/types.ts, as every engine.d.ts declares them. */',
    `export const DECLARATIONS_TEXT = ${JSON.stringify(declarationsText(join(RUNTIME, 'src/types.ts')))};`,
    '',
  ].join('\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const name = relative(ROOT, TARGET);
  try {
    const text = generate();
    if (process.argv.includes('--check')) {
      const current = existsSync(TARGET) ? readFileSync(TARGET, 'utf8') : '';
      if (current !== text) {
        process.stderr.write(`${name} is out of date: run node ${relative(ROOT, fileURLToPath(import.meta.url))}\n`);
        process.exit(1);
      }
      process.stdout.write(`${name} is up to date\n`);
    } else {
      writeFileSync(TARGET, text);
      process.stdout.write(`wrote ${name} (${text.length} characters)\n`);
    }
  } catch (e) {
    if (!(e instanceof EraseError)) throw e;
    process.stderr.write(`${e.message}\n`);
    process.exit(1);
  }
}
