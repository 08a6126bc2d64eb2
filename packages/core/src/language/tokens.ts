// The Vigil vocabulary: every token type, the keyword list shared by all tools, the lexer,
// and string-literal decoding. Comments are lexed into their own group so they are kept.
import { ACTIONS } from '@vigil/runtime';
import { createToken, Lexer, tokenMatcher } from 'chevrotain';
import type { CustomPatternMatcherReturn, IToken, TokenType } from 'chevrotain';

/** Every reserved word of the language, in the order of the reference. */
export const KEYWORDS: readonly string[] = [
  'ruleset', 'version', 'strengths', 'import', 'facts', 'valueset', 'define', 'groups', 'rule', 'protocol',
  'group', 'source', 'strength', 'overrides', 'except', 'otherwise', 'complete', 'when', 'unless', 'then', 'because',
  'boolean', 'text', 'date', 'datetime', 'code', 'duration', 'enum', 'quantity', 'set', 'of',
  'baseline', 'uln', 'optional', 'range', 'and', 'or', 'not', 'in', 'is', 'missing', 'present', 'includes',
  'more', 'less', 'than', 'ago', 'within', 'x', 'true', 'false',
  'contraindicate', 'stop', 'permanently', 'caution', 'dose', 'to', 'standard', 'monitor',
  'every', 'for', 'until', 'order', 'recommend', 'advise', 'against',
  'drug', 'target', 'over', 'step', 'observe', 'rounded', 'below',
  'once', 'twice', 'times', 'daily', 'weekly', 'start', 'increase', 'decrease', 'by',
  'table', 'hit', 'from', 'tightens', 'as', 'often', 'after',
];

/** Keywords that start a top-level item; the parser re-synchronises at these after an error. */
export const TOP_LEVEL_KEYWORDS: readonly string[] = ['ruleset', 'import', 'facts', 'valueset', 'define', 'groups', 'rule', 'protocol', 'table'];

const keywordSet: ReadonlySet<string> = new Set(KEYWORDS);

export function isKeyword(word: string): boolean {
  return keywordSet.has(word);
}

// ---------------------------------------------------------------- trivia

export const WhiteSpace = createToken({ name: 'WhiteSpace', pattern: /[ \t\r\n\f\v\uFEFF]+/, group: Lexer.SKIPPED, line_breaks: true });
export const LineComment = createToken({ name: 'LineComment', pattern: /\/\/[^\r\n]*/, group: 'comments' });
/** An unterminated block comment runs to the end of the text; `parse` reports it. */
export const BlockComment = createToken({ name: 'BlockComment', pattern: /\/\*(?:[^*]|\*(?!\/))*(?:\*\/)?/, group: 'comments', line_breaks: true });

// ---------------------------------------------------------------- names and literals

export const Identifier = createToken({ name: 'Identifier', pattern: /[A-Za-z_][A-Za-z0-9_]*/, label: 'a name' });
export const RuleId = createToken({ name: 'RuleId', pattern: /[A-Za-z][A-Za-z0-9_]*(?:-[A-Za-z0-9_]+)+/, label: 'a rule id' });
export const NumberLiteral = createToken({ name: 'NumberLiteral', pattern: /[0-9]+(?:\.[0-9]+)?/, label: 'a number' });
/**
 * A string. The closing quote is optional so that an unterminated string still yields one
 * token (and the parse goes on); `parse` reports it as a lexical error.
 */
export const StringLiteral = createToken({ name: 'StringLiteral', pattern: /"(?:[^"\\\r\n]|\\[^\r\n]?)*"?/, label: 'a string' });

const unitRun = /[A-Za-z0-9_.*/[\]{}%'^-]+/y;
const unitAtom = /[A-Za-z%'[\]{}*]/;

/**
 * A UCUM unit: only right after a number (spaces or tabs between, no line break) or after
 * the `quantity` keyword. Never a keyword. Brackets and braces must balance (an unmatched
 * closer ends the unit, so `{ x: quantity mg}` still closes the block). A unit needs at
 * least one letter-like character, `%`, `'`, a bracket or `*`, and may not start with `*`
 * or `-`, so `2 - 3` and `2 / 3` stay arithmetic.
 */
function matchUnit(text: string, offset: number, tokens: IToken[]): CustomPatternMatcherReturn | null {
  const prev = tokens[tokens.length - 1];
  if (prev === undefined) return null;
  const prevType = prev.tokenType;
  if (prevType !== NumberLiteral && prevType !== KwQuantity) return null;
  for (let i = prev.startOffset + prev.image.length; i < offset; i++) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 9) return null;
  }
  const first = text[offset];
  if (first === '*' || first === '-') return null;
  unitRun.lastIndex = offset;
  const m = unitRun.exec(text);
  if (m === null) return null;
  let run = m[0];
  // Cut at the first unbalanced closing bracket or brace.
  let square = 0;
  let curly = 0;
  for (let i = 0; i < run.length; i++) {
    const c = run[i];
    if (c === '[') square++;
    else if (c === '{') curly++;
    else if (c === ']' && --square < 0) { run = run.slice(0, i); break; }
    else if (c === '}' && --curly < 0) { run = run.slice(0, i); break; }
  }
  if (run.length === 0 || !unitAtom.test(run) || keywordSet.has(run)) return null;
  return [run];
}

export const Unit = createToken({
  name: 'Unit',
  pattern: { exec: matchUnit },
  line_breaks: false,
  start_chars_hint: [...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_./[]{}%\'^'],
  label: 'a unit',
});

// ---------------------------------------------------------------- categories

// What a token is, for tools that ask by role rather than by token (semantic tokens,
// completion): `tokenMatcher(token, Keyword)`. They match no text of their own.
export const Keyword = createToken({ name: 'Keyword', pattern: Lexer.NA });
/** A word of an action verb (`contraindicate`, `advise`, `against`, …), from the vocabulary table. */
export const ActionWord = createToken({ name: 'ActionWord', pattern: Lexer.NA });
/** Comparison and arithmetic operators, `x` included. */
export const Operator = createToken({ name: 'Operator', pattern: Lexer.NA });

const actionWords: ReadonlySet<string> = new Set(ACTIONS.flatMap((a) => a.words));
const operatorWords: ReadonlySet<string> = new Set(['x']);

/** Whether a token is of a category (or of the type itself). */
export function tokenIs(token: IToken, category: TokenType): boolean {
  return tokenMatcher(token, category);
}

// ---------------------------------------------------------------- keywords

function keywordName(word: string): string {
  return 'Kw' + word[0]!.toUpperCase() + word.slice(1);
}

function keyword(word: string): TokenType {
  const categories = [Keyword, ...(actionWords.has(word) ? [ActionWord] : []), ...(operatorWords.has(word) ? [Operator] : [])];
  return createToken({ name: keywordName(word), pattern: new RegExp(word), longer_alt: Identifier, label: `'${word}'`, categories });
}

/** The keyword a token type stands for (`KwAgainst` → `against`), if it is one. */
export function keywordOf(type: TokenType): string | undefined {
  return keywordByType.get(type);
}

const keywordTokens = new Map<string, TokenType>(KEYWORDS.map((w) => [w, keyword(w)]));
const keywordByType = new Map<TokenType, string>([...keywordTokens].map(([w, t]) => [t, w]));

function kw(word: string): TokenType {
  const t = keywordTokens.get(word);
  if (t === undefined) throw new Error(`not a keyword: ${word}`);
  return t;
}

/** The token type of a keyword, by its text. */
export function keywordToken(word: string): TokenType | undefined {
  return keywordTokens.get(word);
}

export const KwRuleset = kw('ruleset');
export const KwVersion = kw('version');
export const KwImport = kw('import');
export const KwFacts = kw('facts');
export const KwValueset = kw('valueset');
export const KwDefine = kw('define');
export const KwRule = kw('rule');
export const KwProtocol = kw('protocol');
export const KwSource = kw('source');
export const KwStrength = kw('strength');
export const KwOverrides = kw('overrides');
export const KwExcept = kw('except');
export const KwOtherwise = kw('otherwise');
export const KwComplete = kw('complete');
export const KwGroup = kw('group');
export const KwGroups = kw('groups');
export const KwStrengths = kw('strengths');
export const KwWhen = kw('when');
export const KwUnless = kw('unless');
export const KwThen = kw('then');
export const KwBecause = kw('because');
export const KwBoolean = kw('boolean');
export const KwText = kw('text');
export const KwDate = kw('date');
export const KwDatetime = kw('datetime');
export const KwCode = kw('code');
export const KwDuration = kw('duration');
export const KwEnum = kw('enum');
export const KwQuantity = kw('quantity');
export const KwSet = kw('set');
export const KwOf = kw('of');
export const KwBaseline = kw('baseline');
export const KwUln = kw('uln');
export const KwOptional = kw('optional');
export const KwRange = kw('range');
export const KwAnd = kw('and');
export const KwOr = kw('or');
export const KwNot = kw('not');
export const KwIn = kw('in');
export const KwIs = kw('is');
export const KwMissing = kw('missing');
export const KwPresent = kw('present');
export const KwIncludes = kw('includes');
export const KwMore = kw('more');
export const KwLess = kw('less');
export const KwThan = kw('than');
export const KwAgo = kw('ago');
export const KwWithin = kw('within');
export const KwX = kw('x');
export const KwTrue = kw('true');
export const KwFalse = kw('false');
export const KwContraindicate = kw('contraindicate');
export const KwStop = kw('stop');
export const KwPermanently = kw('permanently');
export const KwCaution = kw('caution');
export const KwDose = kw('dose');
export const KwTo = kw('to');
export const KwStandard = kw('standard');
export const KwMonitor = kw('monitor');
export const KwEvery = kw('every');
export const KwFor = kw('for');
export const KwUntil = kw('until');
export const KwOrder = kw('order');
export const KwRecommend = kw('recommend');
export const KwAdvise = kw('advise');
export const KwAgainst = kw('against');
export const KwDrug = kw('drug');
export const KwTarget = kw('target');
export const KwOver = kw('over');
export const KwStep = kw('step');
export const KwObserve = kw('observe');
export const KwRounded = kw('rounded');
export const KwBelow = kw('below');
export const KwOnce = kw('once');
export const KwTwice = kw('twice');
export const KwTimes = kw('times');
export const KwDaily = kw('daily');
export const KwWeekly = kw('weekly');
export const KwStart = kw('start');
export const KwIncrease = kw('increase');
export const KwDecrease = kw('decrease');
export const KwBy = kw('by');
export const KwTable = kw('table');
export const KwHit = kw('hit');
export const KwFrom = kw('from');
export const KwTightens = kw('tightens');
export const KwAs = kw('as');
export const KwOften = kw('often');
export const KwAfter = kw('after');

// ---------------------------------------------------------------- punctuation

export const LCurly = createToken({ name: 'LCurly', pattern: /\{/, label: "'{'" });
export const RCurly = createToken({ name: 'RCurly', pattern: /\}/, label: "'}'" });
export const LParen = createToken({ name: 'LParen', pattern: /\(/, label: "'('" });
export const RParen = createToken({ name: 'RParen', pattern: /\)/, label: "')'" });
export const Comma = createToken({ name: 'Comma', pattern: /,/, label: "','" });
export const Colon = createToken({ name: 'Colon', pattern: /:/, label: "':'" });
export const Dot = createToken({ name: 'Dot', pattern: /\./, label: "'.'" });
export const NotEquals = createToken({ name: 'NotEquals', pattern: /!=/, label: "'!='", categories: [Operator] });
export const LessEquals = createToken({ name: 'LessEquals', pattern: /<=/, label: "'<='", categories: [Operator] });
export const GreaterEquals = createToken({ name: 'GreaterEquals', pattern: />=/, label: "'>='", categories: [Operator] });
export const Equals = createToken({ name: 'Equals', pattern: /=/, label: "'='", categories: [Operator] });
export const LessThan = createToken({ name: 'LessThan', pattern: /</, label: "'<'", categories: [Operator] });
export const GreaterThan = createToken({ name: 'GreaterThan', pattern: />/, label: "'>'", categories: [Operator] });
export const Plus = createToken({ name: 'Plus', pattern: /\+/, label: "'+'", categories: [Operator] });
export const Minus = createToken({ name: 'Minus', pattern: /-/, label: "'-'", categories: [Operator] });
export const Star = createToken({ name: 'Star', pattern: /\*/, label: "'*'", categories: [Operator] });
export const Slash = createToken({ name: 'Slash', pattern: /\//, label: "'/'", categories: [Operator] });
/** A decision table's column separator. */
export const Pipe = createToken({ name: 'Pipe', pattern: /\|/, label: "'|'" });

/** Keyword token types, longest first so that `order` is never lexed as `or` + `der`. */
const keywordsByLength: TokenType[] = [...KEYWORDS]
  .sort((a, b) => b.length - a.length || (a < b ? -1 : 1))
  .map((w) => keywordTokens.get(w)!);

/** Every token type, in lexing priority order. */
export const allTokens: readonly TokenType[] = [
  WhiteSpace,
  LineComment,
  BlockComment,
  StringLiteral,
  Unit,
  NumberLiteral,
  RuleId,
  ...keywordsByLength,
  Identifier,
  LCurly,
  RCurly,
  LParen,
  RParen,
  Comma,
  Colon,
  Dot,
  NotEquals,
  LessEquals,
  GreaterEquals,
  Equals,
  LessThan,
  GreaterThan,
  Plus,
  Minus,
  Star,
  Slash,
  Pipe,
];

export const lexer = new Lexer([...allTokens], { positionTracking: 'full', ensureOptimizations: false });

// ---------------------------------------------------------------- strings

export interface DecodedString {
  readonly value: string;
  /** False when the closing quote is missing. */
  readonly terminated: boolean;
  /** Bad escapes, with offsets relative to the start of the token image. */
  readonly problems: readonly { readonly start: number; readonly end: number; readonly message: string }[];
}

/** Decodes a string token image (with its quotes): `\"`, `\\`, `\n`, `\t`, `\u{HEX}`. */
export function decodeString(image: string): DecodedString {
  const problems: { start: number; end: number; message: string }[] = [];
  let terminated = false;
  let end = image.length;
  if (image.length >= 2 && image.endsWith('"')) {
    // The final quote closes the string unless it is escaped.
    let backslashes = 0;
    for (let i = image.length - 2; i >= 1 && image[i] === '\\'; i--) backslashes++;
    if (backslashes % 2 === 0) {
      terminated = true;
      end = image.length - 1;
    }
  }
  // Most strings escape nothing: their value is their text (each parse decodes every string).
  if (!image.includes('\\')) return { value: image.slice(1, end), terminated, problems };
  let value = '';
  for (let i = 1; i < end; i++) {
    const c = image[i]!;
    if (c !== '\\') {
      value += c;
      continue;
    }
    const e = image[i + 1];
    if (e === undefined || i + 1 >= end) {
      problems.push({ start: i, end: i + 1, message: 'A backslash at the end of a string escapes nothing' });
      break;
    }
    if (e === '"' || e === '\\') {
      value += e;
      i++;
    } else if (e === 'n') {
      value += '\n';
      i++;
    } else if (e === 't') {
      value += '\t';
      i++;
    } else if (e === 'u') {
      const m = /^\{([0-9A-Fa-f]{1,6})\}/.exec(image.slice(i + 2, end));
      const code = m ? parseInt(m[1]!, 16) : NaN;
      if (m && code <= 0x10ffff) {
        value += String.fromCodePoint(code);
        i += 1 + m[0].length;
      } else {
        const len = m ? 2 + m[0].length : 2;
        problems.push({ start: i, end: Math.min(i + len, end), message: "Invalid unicode escape; write '\\u{' and 1 to 6 hex digits up to 10FFFF, then '}'" });
        i += len - 1;
      }
    } else {
      problems.push({ start: i, end: i + 2, message: `Unknown escape '\\${e}' in a string; use \\" \\\\ \\n \\t or \\u{HEX}` });
      value += e;
      i++;
    }
  }
  return { value, terminated, problems };
}
