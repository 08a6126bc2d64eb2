// The Vigil parser: a Chevrotain CstParser with error recovery, one method per production of
// the grammar in docs/language.md, and author-friendly syntax error messages. One parser
// instance is shared; callers assign `parser.input` and call `parser.file()`.
import { CstParser, EOF, tokenMatcher } from 'chevrotain';
import type {
  IParserErrorMessageProvider,
  IRecognitionException,
  ISerializedGast,
  ISyntacticContentAssistPath,
  IToken,
  TokenType,
} from 'chevrotain';
import { ACTIONS, type ActionForm } from '@vigil/runtime';
import { foldForAssist } from './assist-input.js';
import * as T from './tokens.js';

// ---------------------------------------------------------------- error messages

/** The token vector being parsed, so that messages can look back (e.g. for an opening brace). */
let currentTokens: readonly IToken[] = [];

function isEof(token: IToken | undefined): boolean {
  return token === undefined || token.tokenType === EOF || Number.isNaN(token.startOffset);
}

function shorten(text: string, max = 24): string {
  return text.length > max ? text.slice(0, max - 1) + '…' : text;
}

/** How a found token reads in a message. */
export function describeToken(token: IToken | undefined): string {
  if (isEof(token)) return 'the end of the file';
  const t = token!;
  if (t.tokenType === T.StringLiteral) return `the string ${shorten(t.image)}`;
  return `'${shorten(t.image)}'`;
}

function afterPrevious(previous: IToken | undefined): string {
  return isEof(previous) ? '' : ` after '${shorten(previous!.image)}'`;
}

const blockNames: Readonly<Record<string, string>> = {
  factsBlock: 'the facts block',
  type: 'the enum',
  valueSet: 'the value set',
  target: 'the list of targets',
  valueList: 'the list',
};

/** The unmatched opening token (`{` or `(`) before `previous`, if any. */
function findOpener(previous: IToken | undefined, open: TokenType, close: TokenType): IToken | undefined {
  if (isEof(previous)) return undefined;
  let i = currentTokens.indexOf(previous!);
  if (i < 0) {
    i = currentTokens.length - 1;
    while (i >= 0 && currentTokens[i]!.startOffset > previous!.startOffset) i--;
  }
  let depth = 0;
  for (; i >= 0; i--) {
    const t = currentTokens[i]!;
    if (t.tokenType === close) depth++;
    else if (t.tokenType === open) {
      if (depth === 0) return t;
      depth--;
    }
  }
  return undefined;
}

const conditionStarters: ReadonlySet<TokenType> = new Set([T.KwWhen, T.KwUnless, T.KwAnd, T.KwOr, T.KwNot]);
const valueStarters: ReadonlySet<TokenType> = new Set([
  T.Equals, T.NotEquals, T.LessThan, T.LessEquals, T.GreaterThan, T.GreaterEquals,
  T.Plus, T.Minus, T.Star, T.Slash, T.KwX, T.KwTo, T.KwBelow, T.KwStart, T.KwBy,
]);
const expressionRules: ReadonlySet<string> = new Set([
  'expr', 'orExpr', 'andExpr', 'notExpr', 'predicate', 'additive', 'multiplicative', 'unary', 'primary', 'doseSpec',
]);

/** What an expression position expects, from the token before it. */
function expectedExpression(previous: IToken | undefined): string {
  if (isEof(previous)) return 'an expression';
  const p = previous!.tokenType;
  if (conditionStarters.has(p)) return 'a condition';
  if (p === T.Equals) {
    // `define NAME "title"? =` introduces a whole expression, not the right side of a comparison.
    const i = currentTokens.indexOf(previous!);
    if (currentTokens[i - 2]?.tokenType === T.KwDefine || currentTokens[i - 3]?.tokenType === T.KwDefine) return 'an expression';
  }
  if (valueStarters.has(p)) return 'a value';
  return 'an expression';
}

/**
 * Reserved words that read as connectives or clause starters: when one of these stands where a
 * name was wanted, the author left something out rather than used a reserved word as a name.
 */
const structuralKeywords: ReadonlySet<TokenType> = new Set(
  [
    'and', 'or', 'not', 'in', 'is', 'includes', 'more', 'less', 'than', 'ago', 'within', 'to', 'of',
    'for', 'until', 'from', 'after', 'over', 'observe', 'below', 'then', 'when', 'unless', 'because', 'permanently', 'against',
    'every', 'source', 'strength', 'strengths', 'group', 'overrides', 'tightens', 'as', 'often', 'except', 'version', 'hit', ...T.TOP_LEVEL_KEYWORDS,
  ].map((w) => T.keywordToken(w)!),
);

const topLevelSet: ReadonlySet<TokenType> = new Set(T.TOP_LEVEL_KEYWORDS.map((w) => T.keywordToken(w)!));

const declarationList = 'a declaration (rule, table, define, facts, groups, valueset, protocol or import)';

/** Whether a token can end an expression (so a `|` after it closes a header column). */
function expressionEnd(t: IToken): boolean {
  return t.tokenType === T.Identifier || t.tokenType === T.NumberLiteral || t.tokenType === T.Unit || t.tokenType === T.RParen || t.tokenType === T.KwBaseline || t.tokenType === T.KwUln;
}

/** A noun for an expected token type in a given rule. */
function expectedNoun(expected: TokenType, ruleName: string, previous: IToken | undefined): string {
  const prev = isEof(previous) ? undefined : previous!.tokenType;
  if (expected === T.Identifier) {
    switch (ruleName) {
      case 'header': return 'a rule-set name';
      case 'factDecl': return 'a fact name';
      case 'type': return prev === T.LCurly || prev === T.Comma ? 'an enum member name' : 'a name';
      case 'valueSet': return 'a value-set name';
      case 'member': return prev === T.StringLiteral || prev === T.Identifier ? 'a code system name' : 'a member name';
      case 'define': return 'a definition name';
      case 'strengthName': return 'a strength';
      case 'groupDecl': return 'a group name';
      case 'ruleClause': return prev === T.KwGroup || prev === T.Comma || prev === T.KwIn ? 'a group name' : 'a drug name';
      case 'protocolClause': return 'a drug name';
      case 'target': return 'a target name';
      case 'valueList': return 'a name';
      default: return 'a name';
    }
  }
  if (expected === T.StringLiteral) {
    switch (ruleName) {
      case 'rule':
      case 'protocol': return 'a title string';
      case 'import': return 'a file path string';
      case 'because': return 'a message string';
      case 'member': return 'a code string';
      case 'ruleClause':
      case 'protocolClause': return 'a source string';
      case 'header': return 'a version string';
      default: return 'a string';
    }
  }
  if (expected === T.Keyword) return 'a strength';
  if (expected === T.NumberLiteral) return 'a number';
  if (expected === T.Unit) return 'a unit';
  return expected.LABEL ?? expected.name;
}

/** A hint when a reserved word stands where a name was wanted. */
function reservedHint(token: IToken | undefined): string {
  if (isEof(token)) return '';
  const t = token!;
  if (!T.isKeyword(t.image) || t.tokenType === T.Identifier || structuralKeywords.has(t.tokenType)) return '';
  return ` ('${t.image}' is a reserved word and cannot be used as a name)`;
}

/** The top-level keyword that opened the item `token` stands in, if any. */
function enclosingItem(token: IToken | undefined): IToken | undefined {
  if (isEof(token)) return undefined;
  let i = currentTokens.indexOf(token!);
  if (i < 0) return undefined;
  for (i--; i >= 0; i--) {
    const t = currentTokens[i]!;
    if (topLevelSet.has(t.tokenType)) return t;
  }
  return undefined;
}

/** A token where only a new top-level item (or, inside a rule or protocol, a clause) may start. */
function unexpectedAtTopLevel(actual: IToken): string {
  const found = describeToken(actual);
  const item = enclosingItem(actual);
  // Recovery may already have skipped tokens, so look the previous token up in the input.
  const i = isEof(actual) ? -1 : currentTokens.indexOf(actual);
  const after = i > 0 ? afterPrevious(currentTokens[i - 1]) : '';
  if (item?.tokenType === T.KwRule) {
    return `Unexpected ${found}${after}: expected a rule clause (source, strength, group, overrides, tightens, otherwise, when, unless or then) or ${declarationList}`;
  }
  if (item?.tokenType === T.KwTable) {
    return `Unexpected ${found}${after}: expected a table row ('| cell | … | action'), a row's source or strength, or ${declarationList}`;
  }
  if (item?.tokenType === T.KwProtocol) {
    return `Unexpected ${found}${after}: expected a protocol clause (source, strength, drug, target or step) or ${declarationList}`;
  }
  return `Expected ${declarationList} but found ${found}`;
}

const messages: IParserErrorMessageProvider = {
  buildMismatchTokenMessage({ expected, actual, previous, ruleName }) {
    const found = describeToken(actual);
    if (expected === EOF) return unexpectedAtTopLevel(actual);
    if (expected === T.RCurly) {
      const opener = findOpener(previous, T.LCurly, T.RCurly);
      const block = blockNames[ruleName] ?? 'the block';
      const hint = reservedHint(actual);
      if (opener) return `Expected '}' to close ${block} opened at line ${opener.startLine} but found ${found}${hint}`;
      return `Expected '}' to close ${block} but found ${found}${hint}`;
    }
    if (expected === T.RParen) {
      const opener = findOpener(previous, T.LParen, T.RParen);
      if (opener) return `Expected ')' to close the '(' at line ${opener.startLine} but found ${found}`;
    }
    if (expected === T.Pipe && ruleName === 'tableHeader' && previous?.tokenType !== T.Pipe && !isEof(previous) && !expressionEnd(previous!))
      return `Expected a table clause (source, strength, group, hit or when) or the header line '| input | … | then'${afterPrevious(previous)} but found ${found}`;
    if (expected === T.KwThen && ruleName === 'tableHeader') return `Expected '| then' to end the table's header line${afterPrevious(previous)} but found ${found}`;
    if (expected === T.Pipe && ruleName === 'tableRow') return `Expected '|' to close the row's cells${afterPrevious(previous)} but found ${found}`;
    if (expected === T.KwThan) return `Expected 'than'${afterPrevious(previous)} (as in 'more than 48 h ago') but found ${found}`;
    if (expected === T.KwAgo) return `Expected 'ago' after the amount of time but found ${found}`;
    if (expected === T.KwOver) return `Expected 'over' and a duration after the target dose but found ${found}`;
    if (expected === T.KwObserve) return `Expected 'observe' and an observation time after the step dose but found ${found}`;
    if (expected === T.Unit && ruleName === 'type') return `Expected a unit after 'quantity' (for example 'quantity mg/dL') but found ${found}`;
    if (expected === T.Equals && ruleName === 'define') return `Expected '=' before the definition's expression but found ${found}`;
    const hint = expected === T.Identifier ? reservedHint(actual) : '';
    return `Expected ${expectedNoun(expected, ruleName, previous)}${afterPrevious(previous)} but found ${found}${hint}`;
  },

  buildNotAllInputParsedMessage({ firstRedundant }) {
    return unexpectedAtTopLevel(firstRedundant);
  },

  buildNoViableAltMessage({ expectedPathsPerAlt, actual, previous, ruleName }) {
    const found = describeToken(actual[0]);
    const after = afterPrevious(previous);
    if (expressionRules.has(ruleName)) {
      const hint = reservedHint(actual[0]);
      return `Expected ${expectedExpression(previous)}${after} but found ${found}${hint}`;
    }
    switch (ruleName) {
      case 'action':
        return `Expected an action${after} (${actionList}) but found ${found}`;
      case 'type':
        return `Expected a type${after} (boolean, text, date, datetime, code, duration, enum, quantity or set of …) but found ${found}`;
      case 'ruleName': {
        const p = isEof(previous) ? undefined : previous!.tokenType;
        const what = p === T.KwRule || p === T.KwProtocol ? '' : ' or a group name';
        return `Expected a rule id${after} (like AZA-PRE-02)${what} but found ${found}`;
      }
      case 'strengthName':
        return `Expected a strength${after} but found ${found}`;
      case 'overrideAction':
        return `Expected an action${after} (${actionList}) but found ${found}`;
      case 'target':
        return `Expected a target${after}: a name or a list like { a, b }; found ${found}${reservedHint(actual[0])}`;
      case 'valueList':
        return `Expected a name or a list like { a, b }${after} but found ${found}${reservedHint(actual[0])}`;
      case 'declaration':
      case 'file':
        return `Expected ${declarationList} but found ${found}`;
      case 'ruleClause':
        return `Expected a rule clause (source, strength, group, overrides, tightens, otherwise, when, unless or then) but found ${found}`;
      case 'protocolClause':
        return `Expected a protocol clause (source, strength, drug, target or step) but found ${found}`;
      case 'tableClause':
        return `Expected a table clause (source, strength, group, hit or when) or the header line '| input | … | then' but found ${found}`;
      case 'cell':
      case 'cellTest':
        return `Expected a cell${after}: '-' (any value), a value or { list }, 'not' a value, 'includes' a value, a comparison like '< 2.5 10*9/L', a range '2 mg to 3 mg', true, false, missing or present; found ${found}`;
      case 'compareOp':
        return `Expected a comparison (=, !=, <, <=, > or >=)${after} but found ${found}`;
      default: {
        const firsts = new Set<string>();
        for (const alt of expectedPathsPerAlt) for (const path of alt) if (path[0]) firsts.add(path[0].LABEL ?? path[0].name);
        return `Expected one of ${[...firsts].join(', ')}${after} but found ${found}`;
      }
    }
  },

  buildEarlyExitMessage({ actual, previous, ruleName }) {
    return `Expected at least one ${ruleName}${afterPrevious(previous)} but found ${describeToken(actual[0])}`;
  },
};

// ---------------------------------------------------------------- parser

/** The forms of `action`, from the vocabulary table: the verb's keyword tokens and what follows the verb. */
const actionForms: readonly (readonly [readonly TokenType[], ActionForm])[] = ACTIONS.map((a) => [a.words.map(actionKeyword), a.form]);

function actionKeyword(word: string): TokenType {
  const t = T.keywordToken(word);
  if (t === undefined) throw new Error(`the action word '${word}' is not in KEYWORDS (tokens.ts)`);
  return t;
}

/** The first words of the actions, as a message lists them: `contraindicate, stop, … or advise`. */
const actionWords = [...new Set(ACTIONS.map((a) => a.words[0]))];
const actionList = `${actionWords.slice(0, -1).join(', ')} or ${actionWords[actionWords.length - 1]}`;

const topLevelTokens: readonly TokenType[] = T.TOP_LEVEL_KEYWORDS.map((w) => T.keywordToken(w)!);

/** Chevrotain's single-token-deletion test (not in its public typings). */
const baseCanDelete = (CstParser.prototype as unknown as { canRecoverWithSingleTokenDeletion(t: TokenType): boolean })
  .canRecoverWithSingleTokenDeletion;

/** Thrown when a parse has recorded as many errors as it may (see `parseTokens`). */
export class TooManySyntaxErrors extends Error {
  constructor(readonly token: IToken) {
    super('too many syntax errors');
  }
}

/** Most errors the current parse may record before it gives up (a file of garbage would take minutes otherwise). */
let errorBudget = Infinity;

export class VigilParser extends CstParser {
  constructor() {
    super([...T.allTokens, T.Keyword], { recoveryEnabled: true, errorMessageProvider: messages, maxLookahead: 3 });
    this.performSelfAnalysis();
  }

  /** Chevrotain records each error here; past the budget the parse stops. */
  SAVE_ERROR(error: IRecognitionException): IRecognitionException {
    if (this.errors.length >= errorBudget) throw new TooManySyntaxErrors(error.token);
    return (CstParser.prototype as unknown as { SAVE_ERROR(e: IRecognitionException): IRecognitionException }).SAVE_ERROR.call(this, error);
  }

  /** Never delete a top-level keyword to repair an error: it starts the next declaration. */
  canRecoverWithSingleTokenDeletion(expectedTokType: TokenType): boolean {
    const next = this.LA(1);
    if (topLevelTokens.some((t) => tokenMatcher(next, t))) return false;
    return baseCanDelete.call(this, expectedTokType);
  }

  // file = header? import* declaration*
  // Imports are accepted among declarations too; the AST builder reports one placed late.
  public file = this.RULE('file', () => {
    this.OPTION(() => this.SUBRULE(this.header));
    this.MANY(() =>
      this.OR([
        { ALT: () => this.SUBRULE(this.import) },
        { ALT: () => this.SUBRULE(this.declaration) },
      ]),
    );
  });

  // header = "ruleset" IDENT ("version" STRING)? ("strengths" "{" strengthName ("," strengthName)* ","? "}")?
  public header = this.RULE('header', () => {
    this.CONSUME(T.KwRuleset);
    this.CONSUME(T.Identifier, { LABEL: 'name' });
    this.OPTION(() => {
      this.CONSUME(T.KwVersion);
      this.CONSUME(T.StringLiteral, { LABEL: 'version' });
    });
    this.OPTION2(() => {
      this.CONSUME(T.KwStrengths);
      this.CONSUME(T.LCurly);
      this.SUBRULE(this.strengthName);
      this.MANY(() => {
        this.CONSUME(T.Comma);
        this.SUBRULE2(this.strengthName);
      });
      this.OPTION3(() => this.CONSUME2(T.Comma));
      this.CONSUME(T.RCurly);
    });
  });

  // strengthName = IDENT | KEYWORD (one that starts no clause or declaration)
  // A guideline's levels are its own words; `optional` or `standard` are reserved
  // elsewhere but read unambiguously here, so any non-structural keyword is a name.
  public strengthName = this.RULE('strengthName', () => {
    this.OR([
      { ALT: () => this.CONSUME(T.Identifier, { LABEL: 'name' }) },
      { GATE: () => !structuralKeywords.has(this.LA(1).tokenType), ALT: () => this.CONSUME(T.Keyword, { LABEL: 'name' }) },
    ]);
  });

  // import = "import" STRING
  public import = this.RULE('import', () => {
    this.CONSUME(T.KwImport);
    this.CONSUME(T.StringLiteral, { LABEL: 'path' });
  });

  // declaration = factsBlock | groupsBlock | valueSet | define | rule | protocol | table
  public declaration = this.RULE('declaration', () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.factsBlock) },
      { ALT: () => this.SUBRULE(this.groupsBlock) },
      { ALT: () => this.SUBRULE(this.valueSet) },
      { ALT: () => this.SUBRULE(this.define) },
      { ALT: () => this.SUBRULE(this.rule) },
      { ALT: () => this.SUBRULE(this.protocol) },
      { ALT: () => this.SUBRULE(this.table) },
    ]);
  });

  // factsBlock = "facts" "{" factDecl* "}"
  public factsBlock = this.RULE('factsBlock', () => {
    this.CONSUME(T.KwFacts);
    this.CONSUME(T.LCurly);
    this.MANY(() => this.SUBRULE(this.factDecl));
    this.CONSUME(T.RCurly);
  });

  // groupsBlock = "groups" "{" groupDecl* "}"
  public groupsBlock = this.RULE('groupsBlock', () => {
    this.CONSUME(T.KwGroups);
    this.CONSUME(T.LCurly);
    this.MANY(() => this.SUBRULE(this.groupDecl));
    this.CONSUME(T.RCurly);
  });

  // groupDecl = IDENT "complete"? STRING?
  public groupDecl = this.RULE('groupDecl', () => {
    this.CONSUME(T.Identifier, { LABEL: 'name' });
    this.OPTION2(() => this.CONSUME(T.KwComplete, { LABEL: 'complete' }));
    this.OPTION(() => this.CONSUME(T.StringLiteral, { LABEL: 'title' }));
  });

  // factDecl = IDENT ":" type factRange? ("baseline" | "uln" | "optional")* STRING?
  public factDecl = this.RULE('factDecl', () => {
    this.CONSUME(T.Identifier, { LABEL: 'name' });
    this.CONSUME(T.Colon);
    this.SUBRULE(this.type);
    this.OPTION2(() => this.SUBRULE(this.factRange));
    this.MANY(() =>
      this.OR([
        { ALT: () => this.CONSUME(T.KwBaseline, { LABEL: 'option' }) },
        { ALT: () => this.CONSUME(T.KwUln, { LABEL: 'option' }) },
        { ALT: () => this.CONSUME(T.KwOptional, { LABEL: 'option' }) },
      ]),
    );
    this.OPTION(() => this.CONSUME(T.StringLiteral, { LABEL: 'description' }));
  });

  // factRange = "range" rangeBound "to" rangeBound
  public factRange = this.RULE('factRange', () => {
    this.CONSUME(T.KwRange);
    this.SUBRULE(this.rangeBound, { LABEL: 'low' });
    this.CONSUME(T.KwTo);
    this.SUBRULE2(this.rangeBound, { LABEL: 'high' });
  });

  // rangeBound = "-"? quantity
  public rangeBound = this.RULE('rangeBound', () => {
    this.OPTION(() => this.CONSUME(T.Minus));
    this.SUBRULE(this.quantity);
  });

  // type = "boolean" | "text" | "date" | "datetime" | "code" | "duration"
  //      | "enum" "{" IDENT ("," IDENT)* ","? "}" | "quantity" UNIT | "set" "of" type
  public type = this.RULE('type', () => {
    this.OR([
      { ALT: () => this.CONSUME(T.KwBoolean, { LABEL: 'primitive' }) },
      { ALT: () => this.CONSUME(T.KwText, { LABEL: 'primitive' }) },
      { ALT: () => this.CONSUME(T.KwDate, { LABEL: 'primitive' }) },
      { ALT: () => this.CONSUME(T.KwDatetime, { LABEL: 'primitive' }) },
      { ALT: () => this.CONSUME(T.KwCode, { LABEL: 'primitive' }) },
      { ALT: () => this.CONSUME(T.KwDuration, { LABEL: 'primitive' }) },
      {
        ALT: () => {
          this.CONSUME(T.KwEnum);
          this.CONSUME(T.LCurly);
          this.CONSUME(T.Identifier, { LABEL: 'member' });
          this.MANY(() => {
            this.CONSUME(T.Comma);
            this.CONSUME2(T.Identifier, { LABEL: 'member' });
          });
          this.OPTION(() => this.CONSUME2(T.Comma));
          this.CONSUME(T.RCurly);
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.KwQuantity);
          this.CONSUME(T.Unit);
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.KwSet);
          this.CONSUME(T.KwOf);
          this.SUBRULE(this.type, { LABEL: 'element' });
        },
      },
    ]);
  });

  // valueSet = "valueset" IDENT STRING? "{" member ("," member)* ","? "}"
  public valueSet = this.RULE('valueSet', () => {
    this.CONSUME(T.KwValueset);
    this.CONSUME(T.Identifier, { LABEL: 'name' });
    this.OPTION(() => this.CONSUME(T.StringLiteral, { LABEL: 'title' }));
    this.CONSUME(T.LCurly);
    this.SUBRULE(this.member);
    this.MANY(() => {
      this.CONSUME(T.Comma);
      this.SUBRULE2(this.member);
    });
    this.OPTION2(() => this.CONSUME2(T.Comma));
    this.CONSUME(T.RCurly);
  });

  // member = IDENT (IDENT STRING)*
  public member = this.RULE('member', () => {
    this.CONSUME(T.Identifier, { LABEL: 'name' });
    this.MANY(() => {
      this.CONSUME2(T.Identifier, { LABEL: 'system' });
      this.CONSUME(T.StringLiteral, { LABEL: 'code' });
    });
  });

  // define = "define" "standard"? IDENT STRING? "=" expr
  public define = this.RULE('define', () => {
    this.CONSUME(T.KwDefine);
    this.OPTION2(() => this.CONSUME(T.KwStandard));
    this.CONSUME(T.Identifier, { LABEL: 'name' });
    this.OPTION(() => this.CONSUME(T.StringLiteral, { LABEL: 'title' }));
    this.CONSUME(T.Equals);
    this.SUBRULE(this.expr);
  });

  // rule = "rule" ruleName STRING ruleClause*
  public rule = this.RULE('rule', () => {
    this.CONSUME(T.KwRule);
    this.SUBRULE(this.ruleName);
    this.CONSUME(T.StringLiteral, { LABEL: 'title' });
    this.MANY(() => this.SUBRULE(this.ruleClause));
  });

  // ruleName = RULE_ID | IDENT
  public ruleName = this.RULE('ruleName', () => {
    this.OR([
      { ALT: () => this.CONSUME(T.RuleId, { LABEL: 'id' }) },
      { ALT: () => this.CONSUME(T.Identifier, { LABEL: 'id' }) },
    ]);
  });

  // ruleClause = "source" STRING ("," STRING)* | "strength" strengthName
  //            | "group" IDENT ("," IDENT)* | "overrides" overrideItem ("," overrideItem)*
  //            | "otherwise" ("in" IDENT)? | "when" expr | "unless" expr | "then" action
  public ruleClause = this.RULE('ruleClause', () => {
    this.OR([
      { ALT: () => this.sourceClause() },
      {
        ALT: () => {
          this.CONSUME(T.KwStrength);
          this.SUBRULE(this.strengthName, { LABEL: 'strength' });
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.KwGroup);
          this.CONSUME(T.Identifier, { LABEL: 'group' });
          this.MANY2(() => {
            this.CONSUME2(T.Comma);
            this.CONSUME2(T.Identifier, { LABEL: 'group' });
          });
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.KwOverrides);
          this.SUBRULE(this.overrideItem);
          this.MANY(() => {
            this.CONSUME(T.Comma);
            this.SUBRULE2(this.overrideItem);
          });
        },
      },
      {
        // `tightens monitor cbc of G twice as often`: a schedule modifier (semantics/modifiers.ts).
        ALT: () => {
          this.CONSUME(T.KwTightens);
          this.SUBRULE(this.tightenItem);
        },
      },
      {
        // The rule fires when no other rule of its group does (the group named after `in`).
        ALT: () => {
          this.CONSUME(T.KwOtherwise);
          this.OPTION(() => {
            this.CONSUME(T.KwIn);
            this.CONSUME3(T.Identifier, { LABEL: 'otherwiseGroup' });
          });
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.KwWhen);
          this.SUBRULE(this.expr);
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.KwUnless);
          this.SUBRULE2(this.expr);
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.KwThen);
          this.SUBRULE(this.action);
        },
      },
    ]);
  });

  // overrideItem = (overrideAction ("," overrideAction)* "of")? ruleName ("except" exceptList)?
  // A rule id or a group name; with actions first, only those actions of the rules it names.
  public overrideItem = this.RULE('overrideItem', () => {
    this.OPTION(() => {
      this.SUBRULE(this.overrideAction);
      this.MANY(() => {
        this.CONSUME(T.Comma);
        this.SUBRULE2(this.overrideAction);
      });
      this.CONSUME(T.KwOf);
    });
    this.SUBRULE(this.ruleName);
    this.OPTION2(() => this.exceptList());
  });

  /** `"except" (ruleName | "{" ruleName ("," ruleName)* "}")`, shared by overrideItem and tightenItem (inlined into each). */
  private exceptList(): void {
    this.CONSUME(T.KwExcept);
    this.OR9([
      { ALT: () => this.SUBRULE6(this.ruleName, { LABEL: 'except' }) },
      {
        ALT: () => {
          this.CONSUME(T.LCurly);
          this.SUBRULE7(this.ruleName, { LABEL: 'except' });
          this.MANY8(() => {
            this.CONSUME8(T.Comma);
            this.SUBRULE8(this.ruleName, { LABEL: 'except' });
          });
          this.CONSUME(T.RCurly);
        },
      },
    ]);
  }

  // tightenItem = "monitor" IDENT? "of" ruleName ("except" exceptList)? tightening
  // tightening  = ("twice" | NUMBER "times") "as" "often" | "to" "every" quantity ("to" quantity)?
  // What a schedule modifier tightens (the monitoring of a rule or of a group's rules) and how.
  public tightenItem = this.RULE('tightenItem', () => {
    this.CONSUME(T.KwMonitor, { LABEL: 'verb' });
    this.OPTION(() => this.CONSUME(T.Identifier, { LABEL: 'target' }));
    this.CONSUME(T.KwOf);
    this.SUBRULE(this.ruleName);
    this.OPTION2(() => this.exceptList());
    this.OR([
      {
        ALT: () => {
          this.OR2([
            { ALT: () => this.CONSUME(T.KwTwice, { LABEL: 'factor' }) },
            {
              ALT: () => {
                this.CONSUME(T.NumberLiteral, { LABEL: 'factor' });
                this.CONSUME(T.KwTimes);
              },
            },
          ]);
          this.CONSUME(T.KwAs);
          this.CONSUME(T.KwOften);
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.KwTo);
          this.CONSUME(T.KwEvery);
          this.SUBRULE(this.quantity, { LABEL: 'every' });
          this.OPTION3(() => {
            this.CONSUME2(T.KwTo);
            this.SUBRULE2(this.quantity, { LABEL: 'everyHigh' });
          });
        },
      },
    ]);
  });

  // overrideAction = verb IDENT?   (`dose`, `dose azathioprine`, `advise against azathioprine`)
  public overrideAction = this.RULE('overrideAction', () => {
    this.OR(
      ACTIONS.map((a, i) => ({
        ALT: () => {
          for (const word of a.words) this.consume(20 + i, actionKeyword(word), { LABEL: 'verb' });
        },
      })),
    );
    this.OPTION(() => this.CONSUME(T.Identifier, { LABEL: 'target' }));
  });

  /** `"source" STRING ("," STRING)*`, shared by ruleClause and protocolClause (inlined into each). */
  private sourceClause(): void {
    this.CONSUME(T.KwSource);
    this.CONSUME(T.StringLiteral, { LABEL: 'source' });
    this.MANY9(() => {
      this.CONSUME9(T.Comma);
      this.CONSUME9(T.StringLiteral, { LABEL: 'source' });
    });
  }

  // action = "contraindicate" target because? | "stop" target "permanently"? because?
  //        | "caution" target because? | "dose" target doseSpec because?
  //        | "monitor" target schedule because? | "order" target because?
  //        | "recommend" target because? | "advise" "against" target because? | "advise" because
  // One alternative per entry of the vocabulary table (ACTIONS): its words, then its form.
  public action = this.RULE('action', () => {
    this.OR(
      actionForms.map(([words, rest], i) => ({
        ALT: () => {
          const n = i + 1;
          for (const word of words) this.consume(n, word, { LABEL: 'verb' });
          if (rest === 'because') {
            this.subrule(n, this.because);
            return;
          }
          this.subrule(n, this.target);
          if (rest === 'permanently') this.option(10, () => this.CONSUME(T.KwPermanently));
          else if (rest === 'dose') this.SUBRULE(this.doseSpec);
          else if (rest === 'schedule') this.SUBRULE(this.schedule);
          this.option(n, () => this.subrule(10 + n, this.because));
        },
      })),
    );
  });

  // target = IDENT | "{" IDENT ("," IDENT)* "}"
  public target = this.RULE('target', () => {
    this.OR([
      { ALT: () => this.CONSUME(T.Identifier, { LABEL: 'name' }) },
      {
        ALT: () => {
          this.CONSUME(T.LCurly);
          this.CONSUME2(T.Identifier, { LABEL: 'name' });
          this.MANY(() => {
            this.CONSUME(T.Comma);
            this.CONSUME3(T.Identifier, { LABEL: 'name' });
          });
          this.CONSUME(T.RCurly);
        },
      },
    ]);
  });

  // because = "because" STRING
  public because = this.RULE('because', () => {
    this.CONSUME(T.KwBecause);
    this.CONSUME(T.StringLiteral, { LABEL: 'message' });
  });

  // doseSpec = titration | additive ("to" "below"? additive)? frequency? ("of" "standard")? ("rounded" "to" quantity)?
  // `50 mg/d to below injurious_dose`: the high end is excluded ("lower than the dose that caused it").
  public doseSpec = this.RULE('doseSpec', () => {
    this.OR([{ ALT: () => this.SUBRULE(this.titration) }, { ALT: () => this.amountSpec() }]);
  });

  // titration = "start" additive "," ("increase" | "decrease") "by" additive "every" quantity "to" additive
  // `start 1 mg/kg/d * weight, increase by 0.5 mg/kg/d * weight every 4 wk to 2.5 mg/kg/d * weight`.
  public titration = this.RULE('titration', () => {
    this.CONSUME(T.KwStart);
    this.SUBRULE(this.additive, { LABEL: 'start' });
    this.CONSUME(T.Comma);
    this.OR([
      { ALT: () => this.CONSUME(T.KwIncrease, { LABEL: 'direction' }) },
      { ALT: () => this.CONSUME(T.KwDecrease, { LABEL: 'direction' }) },
    ]);
    this.CONSUME(T.KwBy);
    this.SUBRULE2(this.additive, { LABEL: 'step' });
    this.CONSUME(T.KwEvery);
    this.SUBRULE(this.quantity, { LABEL: 'every' });
    this.CONSUME(T.KwTo);
    this.SUBRULE3(this.additive, { LABEL: 'limit' });
  });

  /** The amount form of doseSpec (inlined into it). */
  private amountSpec(): void {
    this.SUBRULE(this.additive, { LABEL: 'low' });
    this.OPTION(() => {
      this.CONSUME(T.KwTo);
      this.OPTION4(() => this.CONSUME(T.KwBelow));
      this.SUBRULE2(this.additive, { LABEL: 'high' });
    });
    this.OPTION5(() => this.SUBRULE(this.frequency));
    this.OPTION2(() => {
      this.CONSUME(T.KwOf);
      this.CONSUME(T.KwStandard);
    });
    this.OPTION3(() => {
      this.CONSUME(T.KwRounded);
      this.CONSUME2(T.KwTo, { LABEL: 'roundingTo' });
      this.SUBRULE(this.quantity, { LABEL: 'rounding' });
    });
  }

  // frequency = ("once" | "twice" | (NUMBER | IDENT) "times") ("daily" | "weekly")
  // `10 mg twice daily`, `50 mg three times weekly`: the amount is given per administration.
  public frequency = this.RULE('frequency', () => {
    this.OR([
      { ALT: () => this.CONSUME(T.KwOnce, { LABEL: 'count' }) },
      { ALT: () => this.CONSUME(T.KwTwice, { LABEL: 'count' }) },
      {
        ALT: () => {
          this.OR2([
            { ALT: () => this.CONSUME(T.NumberLiteral, { LABEL: 'count' }) },
            { ALT: () => this.CONSUME(T.Identifier, { LABEL: 'count' }) },
          ]);
          this.CONSUME(T.KwTimes);
        },
      },
    ]);
    this.OR3([
      { ALT: () => this.CONSUME(T.KwDaily, { LABEL: 'period' }) },
      { ALT: () => this.CONSUME(T.KwWeekly, { LABEL: 'period' }) },
    ]);
  });

  // schedule = (phase ("," "then" phase)* | "after" quantity ("to" quantity)?) ("from" IDENT)?
  // `from azathioprine_start`: the schedule's phases are dated from a date or datetime fact.
  // `after 2 to 3 wk`: one check, due in that window after the decision (or the anchor).
  public schedule = this.RULE('schedule', () => {
    this.OR([
      {
        ALT: () => {
          this.SUBRULE(this.phase);
          this.MANY(() => {
            this.CONSUME(T.Comma);
            this.CONSUME(T.KwThen);
            this.SUBRULE2(this.phase);
          });
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.KwAfter);
          this.SUBRULE(this.quantity, { LABEL: 'after' });
          this.OPTION2(() => {
            this.CONSUME(T.KwTo);
            this.SUBRULE2(this.quantity, { LABEL: 'afterHigh' });
          });
        },
      },
    ]);
    this.OPTION(() => {
      this.CONSUME(T.KwFrom);
      this.CONSUME(T.Identifier, { LABEL: 'anchor' });
    });
  });

  // phase = "every" quantity ("to" quantity)? (("for" | "until") quantity ("to" quantity)?)?
  // `every 1 to 2 wk`, `for 3 to 6 mo`: an interval keeps both ends (the low one may leave its unit to the high one).
  public phase = this.RULE('phase', () => {
    this.CONSUME(T.KwEvery);
    this.SUBRULE(this.quantity, { LABEL: 'every' });
    this.OPTION2(() => {
      this.CONSUME(T.KwTo);
      this.SUBRULE3(this.quantity, { LABEL: 'everyHigh' });
    });
    this.OPTION(() => {
      this.OR([
        { ALT: () => this.CONSUME(T.KwFor, { LABEL: 'bound' }) },
        { ALT: () => this.CONSUME(T.KwUntil, { LABEL: 'bound' }) },
      ]);
      this.SUBRULE2(this.quantity, { LABEL: 'amount' });
      this.OPTION3(() => {
        this.CONSUME2(T.KwTo);
        this.SUBRULE4(this.quantity, { LABEL: 'amountHigh' });
      });
    });
  });

  // protocol = "protocol" ruleName STRING protocolClause*
  public protocol = this.RULE('protocol', () => {
    this.CONSUME(T.KwProtocol);
    this.SUBRULE(this.ruleName);
    this.CONSUME(T.StringLiteral, { LABEL: 'title' });
    this.MANY(() => this.SUBRULE(this.protocolClause));
  });

  // protocolClause = "source" STRING ("," STRING)* | "strength" strengthName | "drug" IDENT
  //                | "target" quantity "over" quantity | "step" quantity "observe" quantity
  public protocolClause = this.RULE('protocolClause', () => {
    this.OR([
      { ALT: () => this.sourceClause() },
      {
        ALT: () => {
          this.CONSUME(T.KwStrength);
          this.SUBRULE(this.strengthName, { LABEL: 'strength' });
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.KwDrug);
          this.CONSUME2(T.Identifier, { LABEL: 'drug' });
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.KwTarget);
          this.SUBRULE(this.quantity, { LABEL: 'dose' });
          this.CONSUME(T.KwOver);
          this.SUBRULE2(this.quantity, { LABEL: 'duration' });
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.KwStep);
          this.SUBRULE3(this.quantity, { LABEL: 'dose' });
          this.CONSUME(T.KwObserve);
          this.SUBRULE4(this.quantity, { LABEL: 'observe' });
        },
      },
    ]);
  });

  // table = "table" ruleName STRING tableClause* tableHeader tableRow*
  public table = this.RULE('table', () => {
    this.CONSUME(T.KwTable);
    this.SUBRULE(this.ruleName);
    this.CONSUME(T.StringLiteral, { LABEL: 'title' });
    this.MANY(() => this.SUBRULE(this.tableClause));
    this.SUBRULE(this.tableHeader);
    this.MANY2(() => this.SUBRULE(this.tableRow));
  });

  // tableClause = "source" STRING ("," STRING)* | "strength" strengthName
  //             | "group" IDENT ("," IDENT)* | "hit" IDENT | "when" expr
  public tableClause = this.RULE('tableClause', () => {
    this.OR([
      { ALT: () => this.sourceClause() },
      {
        ALT: () => {
          this.CONSUME(T.KwStrength);
          this.SUBRULE(this.strengthName, { LABEL: 'strength' });
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.KwGroup);
          this.CONSUME(T.Identifier, { LABEL: 'group' });
          this.MANY2(() => {
            this.CONSUME2(T.Comma);
            this.CONSUME2(T.Identifier, { LABEL: 'group' });
          });
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.KwHit);
          this.CONSUME3(T.Identifier, { LABEL: 'hit' });
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.KwWhen);
          this.SUBRULE(this.expr);
        },
      },
    ]);
  });

  // tableHeader = "|" additive ("|" additive)* "|" "then"
  public tableHeader = this.RULE('tableHeader', () => {
    this.CONSUME(T.Pipe);
    this.SUBRULE(this.additive, { LABEL: 'column' });
    this.MANY(() => {
      this.CONSUME2(T.Pipe);
      this.SUBRULE2(this.additive, { LABEL: 'column' });
    });
    this.CONSUME3(T.Pipe);
    this.CONSUME(T.KwThen);
  });

  // tableRow = "|" cell ("|" cell)* "|" action ("then" action)* rowClause*
  // rowClause = "source" STRING ("," STRING)* | "strength" strengthName
  public tableRow = this.RULE('tableRow', () => {
    this.CONSUME(T.Pipe);
    this.SUBRULE(this.cell);
    this.MANY(() => {
      this.CONSUME2(T.Pipe);
      this.SUBRULE2(this.cell);
    });
    this.CONSUME3(T.Pipe, { LABEL: 'lastPipe' });
    this.SUBRULE(this.action);
    this.MANY2(() => {
      this.CONSUME(T.KwThen);
      this.SUBRULE2(this.action);
    });
    this.MANY3(() =>
      this.OR([
        { ALT: () => this.sourceClause() },
        {
          ALT: () => {
            this.CONSUME(T.KwStrength);
            this.SUBRULE(this.strengthName, { LABEL: 'strength' });
          },
        },
      ]),
    );
  });

  // cell = "-" | cellTest ("and" cellTest)*
  public cell = this.RULE('cell', () => {
    this.OR([
      { ALT: () => this.CONSUME(T.Minus, { LABEL: 'any' }) },
      {
        ALT: () => {
          this.SUBRULE(this.cellTest);
          this.MANY(() => {
            this.CONSUME(T.KwAnd);
            this.SUBRULE2(this.cellTest);
          });
        },
      },
    ]);
  });

  // cellTest = "not"? valueList | "includes" valueList | compareOp additive
  //          | quantity "to" quantity | "true" | "false" | "missing" | "present"
  public cellTest = this.RULE('cellTest', () => {
    this.OR([
      {
        ALT: () => {
          this.OPTION(() => this.CONSUME(T.KwNot));
          this.SUBRULE(this.valueList);
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.KwIncludes);
          this.SUBRULE2(this.valueList);
        },
      },
      {
        ALT: () => {
          this.SUBRULE(this.compareOp);
          this.SUBRULE(this.additive, { LABEL: 'value' });
        },
      },
      {
        ALT: () => {
          this.SUBRULE(this.quantity, { LABEL: 'low' });
          this.CONSUME(T.KwTo);
          this.SUBRULE2(this.quantity, { LABEL: 'high' });
        },
      },
      { ALT: () => this.CONSUME(T.KwTrue, { LABEL: 'boolean' }) },
      { ALT: () => this.CONSUME(T.KwFalse, { LABEL: 'boolean' }) },
      { ALT: () => this.CONSUME(T.KwMissing, { LABEL: 'presence' }) },
      { ALT: () => this.CONSUME(T.KwPresent, { LABEL: 'presence' }) },
    ]);
  });

  // expr = orExpr
  public expr = this.RULE('expr', () => {
    this.SUBRULE(this.orExpr);
  });

  // orExpr = andExpr ("or" andExpr)*
  public orExpr = this.RULE('orExpr', () => {
    this.SUBRULE(this.andExpr, { LABEL: 'operand' });
    this.MANY(() => {
      this.CONSUME(T.KwOr);
      this.SUBRULE2(this.andExpr, { LABEL: 'operand' });
    });
  });

  // andExpr = notExpr ("and" notExpr)*
  public andExpr = this.RULE('andExpr', () => {
    this.SUBRULE(this.notExpr, { LABEL: 'operand' });
    this.MANY(() => {
      this.CONSUME(T.KwAnd);
      this.SUBRULE2(this.notExpr, { LABEL: 'operand' });
    });
  });

  // notExpr = "not" notExpr | predicate
  public notExpr = this.RULE('notExpr', () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.KwNot);
          this.SUBRULE(this.notExpr, { LABEL: 'operand' });
        },
      },
      { ALT: () => this.SUBRULE(this.predicate) },
    ]);
  });

  // predicate = additive ( compareOp additive | "not"? "in" valueList | "is" ("missing" | "present")
  //           | "includes" valueList | ("more" | "less") "than" quantity "ago" | "within" quantity )?
  public predicate = this.RULE('predicate', () => {
    this.SUBRULE(this.additive, { LABEL: 'subject' });
    this.OPTION(() => {
      this.OR([
        {
          ALT: () => {
            this.SUBRULE(this.compareOp);
            this.SUBRULE2(this.additive, { LABEL: 'right' });
          },
        },
        {
          ALT: () => {
            this.OPTION2(() => this.CONSUME(T.KwNot));
            this.CONSUME(T.KwIn);
            this.SUBRULE(this.valueList);
          },
        },
        {
          ALT: () => {
            this.CONSUME(T.KwIs);
            this.OR2([
              { ALT: () => this.CONSUME(T.KwMissing, { LABEL: 'presence' }) },
              { ALT: () => this.CONSUME(T.KwPresent, { LABEL: 'presence' }) },
            ]);
          },
        },
        {
          ALT: () => {
            this.CONSUME(T.KwIncludes);
            this.SUBRULE2(this.valueList);
          },
        },
        {
          ALT: () => {
            this.OR3([
              { ALT: () => this.CONSUME(T.KwMore, { LABEL: 'elapsed' }) },
              { ALT: () => this.CONSUME(T.KwLess, { LABEL: 'elapsed' }) },
            ]);
            this.CONSUME(T.KwThan);
            this.SUBRULE(this.quantity, { LABEL: 'amount' });
            this.CONSUME(T.KwAgo);
          },
        },
        {
          ALT: () => {
            this.CONSUME(T.KwWithin, { LABEL: 'elapsed' });
            this.SUBRULE2(this.quantity, { LABEL: 'amount' });
          },
        },
      ]);
    });
  });

  // compareOp = "=" | "!=" | "<" | "<=" | ">" | ">="
  public compareOp = this.RULE('compareOp', () => {
    this.OR([
      { ALT: () => this.CONSUME(T.Equals, { LABEL: 'op' }) },
      { ALT: () => this.CONSUME(T.NotEquals, { LABEL: 'op' }) },
      { ALT: () => this.CONSUME(T.LessThan, { LABEL: 'op' }) },
      { ALT: () => this.CONSUME(T.LessEquals, { LABEL: 'op' }) },
      { ALT: () => this.CONSUME(T.GreaterThan, { LABEL: 'op' }) },
      { ALT: () => this.CONSUME(T.GreaterEquals, { LABEL: 'op' }) },
    ]);
  });

  // valueList = IDENT | "{" IDENT ("," IDENT)* "}"
  public valueList = this.RULE('valueList', () => {
    this.OR([
      { ALT: () => this.CONSUME(T.Identifier, { LABEL: 'item' }) },
      {
        ALT: () => {
          this.CONSUME(T.LCurly);
          this.CONSUME2(T.Identifier, { LABEL: 'item' });
          this.MANY(() => {
            this.CONSUME(T.Comma);
            this.CONSUME3(T.Identifier, { LABEL: 'item' });
          });
          this.CONSUME(T.RCurly);
        },
      },
    ]);
  });

  // additive = multiplicative (("+" | "-") multiplicative)*
  public additive = this.RULE('additive', () => {
    this.SUBRULE(this.multiplicative, { LABEL: 'operand' });
    this.MANY(() => {
      this.OR([
        { ALT: () => this.CONSUME(T.Plus, { LABEL: 'op' }) },
        { ALT: () => this.CONSUME(T.Minus, { LABEL: 'op' }) },
      ]);
      this.SUBRULE2(this.multiplicative, { LABEL: 'operand' });
    });
  });

  // multiplicative = unary (("*" | "/" | "x") unary)*
  public multiplicative = this.RULE('multiplicative', () => {
    this.SUBRULE(this.unary, { LABEL: 'operand' });
    this.MANY(() => {
      this.OR([
        { ALT: () => this.CONSUME(T.Star, { LABEL: 'op' }) },
        { ALT: () => this.CONSUME(T.Slash, { LABEL: 'op' }) },
        { ALT: () => this.CONSUME(T.KwX, { LABEL: 'op' }) },
      ]);
      this.SUBRULE2(this.unary, { LABEL: 'operand' });
    });
  });

  // unary = "-" unary | primary
  public unary = this.RULE('unary', () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.Minus);
          this.SUBRULE(this.unary, { LABEL: 'operand' });
        },
      },
      { ALT: () => this.SUBRULE(this.primary) },
    ]);
  });

  // primary = quantity | STRING | "true" | "false" | "baseline" | "uln"
  //         | IDENT ("." ("baseline" | "uln"))? | "(" expr ")"
  public primary = this.RULE('primary', () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.quantity) },
      { ALT: () => this.CONSUME(T.StringLiteral, { LABEL: 'string' }) },
      { ALT: () => this.CONSUME(T.KwTrue, { LABEL: 'boolean' }) },
      { ALT: () => this.CONSUME(T.KwFalse, { LABEL: 'boolean' }) },
      { ALT: () => this.CONSUME(T.KwBaseline, { LABEL: 'context' }) },
      { ALT: () => this.CONSUME(T.KwUln, { LABEL: 'context' }) },
      {
        ALT: () => {
          this.CONSUME(T.Identifier, { LABEL: 'name' });
          this.OPTION(() => {
            this.CONSUME(T.Dot);
            this.OR2([
              { ALT: () => this.CONSUME2(T.KwBaseline, { LABEL: 'member' }) },
              { ALT: () => this.CONSUME2(T.KwUln, { LABEL: 'member' }) },
            ]);
          });
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.LParen);
          this.SUBRULE(this.expr);
          this.CONSUME(T.RParen);
        },
      },
    ]);
  });

  // quantity = NUMBER UNIT?
  public quantity = this.RULE('quantity', () => {
    this.CONSUME(T.NumberLiteral, { LABEL: 'value' });
    this.OPTION(() => this.CONSUME(T.Unit));
  });
}

/** The one parser instance. */
export const parser = new VigilParser();

/**
 * Parses `tokens` (comments excluded) as a file. `context` is the whole file's token vector when `tokens` is a
 * run of its top-level items, so that messages look back exactly as in a parse of the file.
 */
export function parseTokens(tokens: IToken[], context: readonly IToken[] = tokens, maxErrors = Infinity) {
  currentTokens = context;
  errorBudget = maxErrors;
  // Recovery throws and catches an exception per syntax error; capturing their stack traces
  // (never read) was most of the time spent on a file full of errors.
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    parser.input = tokens;
    const cst = parser.file();
    return { cst, errors: [...parser.errors] };
  } finally {
    Error.stackTraceLimit = limit;
    errorBudget = Infinity;
    currentTokens = [];
  }
}

/** The grammar as serialized GAST, for syntax-diagram generation. */
export function getSerializedGrammar(): ISerializedGast[] {
  return parser.getSerializedGastProductions();
}

/**
 * Syntactic content assist: what may come after `tokensBefore`, starting from `startRule`.
 * Deep nesting is folded first (see assist-input.ts), so that every request is bounded.
 */
export function contentAssist(tokensBefore: IToken[], startRule = 'file'): ISyntacticContentAssistPath[] {
  return parser.computeContentAssist(startRule, foldForAssist(tokensBefore));
}
