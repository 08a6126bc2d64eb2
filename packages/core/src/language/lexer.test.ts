import { readFileSync } from 'node:fs';
// Lexer tests: keywords, rule ids, numbers, the context-dependent unit token, strings,
// comments, and lexical errors.
import { describe, expect, it } from 'vitest';
import { lex, parse } from './test-helpers.js';
import { decodeString, isKeyword, KEYWORDS, lexer } from './tokens.js';

describe('keywords', () => {
  it('lists every reserved word of the reference exactly once', () => {
    // The reference's own list, so the lexer and the documentation cannot drift apart.
    const doc = readFileSync(new URL('../../docs/language.md', import.meta.url), 'utf8');
    const para = /Keywords are reserved: ([^.]*)\./.exec(doc)![1]!;
    const reference = para.replace(/`/g, ' ').split(/\s+/).filter(Boolean);
    expect([...KEYWORDS].sort()).toEqual([...reference].sort());
    expect(new Set(KEYWORDS).size).toBe(KEYWORDS.length);
  });

  it('lexes every keyword as itself', () => {
    for (const k of KEYWORDS) {
      const toks = lex(k);
      expect(toks).toHaveLength(1);
      expect(toks[0]!.startsWith('Kw')).toBe(true);
      expect(isKeyword(k)).toBe(true);
    }
  });

  it('prefers the longest word: identifiers that start with a keyword', () => {
    expect(lex('order or orders into in includes datetime date xy x')).toEqual([
      'KwOrder:order', 'KwOr:or', 'Identifier:orders', 'Identifier:into', 'KwIn:in', 'KwIncludes:includes',
      'KwDatetime:datetime', 'KwDate:date', 'Identifier:xy', 'KwX:x',
    ]);
  });

  it('lexes identifiers with underscores and digits', () => {
    expect(lex('_a last_dose wbc2')).toEqual(['Identifier:_a', 'Identifier:last_dose', 'Identifier:wbc2']);
  });
});

describe('rule ids', () => {
  it('lexes hyphenated ids as one token', () => {
    expect(lex('AZA-PRE-02 a-b x-1 rule-1')).toEqual(['RuleId:AZA-PRE-02', 'RuleId:a-b', 'RuleId:x-1', 'RuleId:rule-1']);
  });

  it('needs spaces for subtraction', () => {
    expect(lex('a - b')).toEqual(['Identifier:a', 'Minus:-', 'Identifier:b']);
  });
});

describe('numbers', () => {
  it('lexes integers and decimals', () => {
    expect(lex('2 2.5 0.125 10')).toEqual(['NumberLiteral:2', 'NumberLiteral:2.5', 'NumberLiteral:0.125', 'NumberLiteral:10']);
  });
});

describe('units', () => {
  const cases: [string, string[]][] = [
    ['2.5 10*9/L', ['NumberLiteral:2.5', 'Unit:10*9/L']],
    ['30%', ['NumberLiteral:30', 'Unit:%']],
    ['30 %', ['NumberLiteral:30', 'Unit:%']],
    ['48 h ago', ['NumberLiteral:48', 'Unit:h', 'KwAgo:ago']],
    ['2 and x', ['NumberLiteral:2', 'KwAnd:and', 'KwX:x']],
    ['5 x baseline', ['NumberLiteral:5', 'KwX:x', 'KwBaseline:baseline']],
    ['2 mg/kg/d * weight', ['NumberLiteral:2', 'Unit:mg/kg/d', 'Star:*', 'Identifier:weight']],
    ['quantity [iU]/L', ['KwQuantity:quantity', 'Unit:[iU]/L']],
    ['quantity /uL', ['KwQuantity:quantity', 'Unit:/uL']],
    ['2100 /uL', ['NumberLiteral:2100', 'Unit:/uL']],
    ['quantity U/L baseline uln', ['KwQuantity:quantity', 'Unit:U/L', 'KwBaseline:baseline', 'KwUln:uln']],
    ['100 mg over 200 min', ['NumberLiteral:100', 'Unit:mg', 'KwOver:over', 'NumberLiteral:200', 'Unit:min']],
    ['2mg', ['NumberLiteral:2', 'Unit:mg']],
    ['5\tmg', ['NumberLiteral:5', 'Unit:mg']],
    ["3 {cells}/uL", ['NumberLiteral:3', 'Unit:{cells}/uL']],
    ["10 mm[Hg]", ['NumberLiteral:10', 'Unit:mm[Hg]']],
    ["1 m2", ['NumberLiteral:1', 'Unit:m2']],
    ["30 '", ['NumberLiteral:30', "Unit:'"]],
    ['1 wk, then', ['NumberLiteral:1', 'Unit:wk', 'Comma:,', 'KwThen:then']],
  ];
  for (const [text, tokens] of cases) {
    it(`lexes ${JSON.stringify(text)}`, () => expect(lex(text)).toEqual(tokens));
  }

  it('is never a keyword', () => {
    for (const k of KEYWORDS) expect(lex(`2 ${k}`)[1]).toBe(`Kw${k[0]!.toUpperCase()}${k.slice(1)}:${k}`);
  });

  it('does not follow a line break', () => {
    expect(lex('2\nmg')).toEqual(['NumberLiteral:2', 'Identifier:mg']);
    expect(lex('quantity\nmg')).toEqual(['KwQuantity:quantity', 'Identifier:mg']);
  });

  it('does not follow a comment', () => {
    expect(lex('2 /* c */ mg')).toEqual(['NumberLiteral:2', 'Identifier:mg']);
  });

  it('appears only after a number or quantity', () => {
    expect(lex('a mg')).toEqual(['Identifier:a', 'Identifier:mg']);
    expect(lex('2 mg h')).toEqual(['NumberLiteral:2', 'Unit:mg', 'Identifier:h']);
  });

  it('leaves arithmetic operators alone', () => {
    expect(lex('2 - 3')).toEqual(['NumberLiteral:2', 'Minus:-', 'NumberLiteral:3']);
    expect(lex('2 / 3')).toEqual(['NumberLiteral:2', 'Slash:/', 'NumberLiteral:3']);
    expect(lex('2 * 3')).toEqual(['NumberLiteral:2', 'Star:*', 'NumberLiteral:3']);
    expect(lex('2 + 3')).toEqual(['NumberLiteral:2', 'Plus:+', 'NumberLiteral:3']);
    expect(lex('2 -x')).toEqual(['NumberLiteral:2', 'Minus:-', 'KwX:x']);
  });

  it('stops at an unbalanced closing brace or bracket', () => {
    expect(lex('{ a: quantity mg}')).toEqual(['LCurly:{', 'Identifier:a', 'Colon::', 'KwQuantity:quantity', 'Unit:mg', 'RCurly:}']);
    expect(lex('quantity {x}}')).toEqual(['KwQuantity:quantity', 'Unit:{x}', 'RCurly:}']);
  });

  it('stops at a closing parenthesis or comparison', () => {
    expect(lex('(2 mg)')).toEqual(['LParen:(', 'NumberLiteral:2', 'Unit:mg', 'RParen:)']);
    expect(lex('2 mg<3')).toEqual(['NumberLiteral:2', 'Unit:mg', 'LessThan:<', 'NumberLiteral:3']);
  });
});

describe('punctuation', () => {
  it('lexes every operator', () => {
    expect(lex('{ } ( ) , : . = != < <= > >= + - * /').map((t) => t.split(':')[0])).toEqual([
      'LCurly', 'RCurly', 'LParen', 'RParen', 'Comma', 'Colon', 'Dot', 'Equals', 'NotEquals',
      'LessThan', 'LessEquals', 'GreaterThan', 'GreaterEquals', 'Plus', 'Minus', 'Star', 'Slash',
    ]);
  });

  it('lexes member access', () => {
    expect(lex('alt.baseline')).toEqual(['Identifier:alt', 'Dot:.', 'KwBaseline:baseline']);
  });
});

describe('strings', () => {
  it('lexes and decodes escapes', () => {
    const r = lexer.tokenize(String.raw`"a\"b\\c\nd\te\u{1F600}\u{41}"`);
    expect(r.tokens).toHaveLength(1);
    expect(decodeString(r.tokens[0]!.image)).toEqual({ value: 'a"b\\c\nd\te\u{1F600}A', terminated: true, problems: [] });
  });

  it('decodes the empty string', () => {
    expect(decodeString('""').value).toBe('');
  });

  it('reports an unterminated string, naming its line', () => {
    const r = parse('rule R "t"\n  because "never closed\nrule S "u"');
    const lexical = r.diagnostics.filter((d) => d.code === 'VGL1002');
    expect(lexical).toHaveLength(1);
    expect(lexical[0]!.message).toMatch(/Unterminated string starting at line 2/);
    expect(lexical[0]!.range.start).toMatchObject({ line: 1, character: 10 });
  });

  it('does not end a string at an escaped quote', () => {
    expect(decodeString(String.raw`"a\"`).terminated).toBe(false);
    expect(decodeString(String.raw`"a\\"`).terminated).toBe(true);
  });

  it('reports bad escapes', () => {
    const r = parse(String.raw`import "a\qb"`);
    expect(r.diagnostics.map((d) => d.code)).toEqual(['VGL1002']);
    expect(r.diagnostics[0]!.message).toMatch(/Unknown escape '\\q'/);
    expect(r.diagnostics[0]!.range.start.character).toBe(9);
    expect(parse(String.raw`import "\u{110000}"`).diagnostics[0]!.message).toMatch(/unicode escape/);
    expect(parse(String.raw`import "\u{zz}"`).diagnostics[0]!.message).toMatch(/unicode escape/);
  });
});

describe('comments', () => {
  it('keeps line and block comments in their own group', () => {
    const r = lexer.tokenize('a // one\n/* two\n three */ b');
    expect(r.tokens.map((t) => t.image)).toEqual(['a', 'b']);
    expect(r.groups['comments']!.map((t) => t.image)).toEqual(['// one', '/* two\n three */']);
  });

  it('reports an unterminated block comment', () => {
    const r = parse('rule R "t" /* open');
    expect(r.diagnostics.map((d) => d.code)).toEqual(['VGL1002']);
    expect(r.diagnostics[0]!.message).toMatch(/Unterminated comment starting at line 1/);
  });
});

describe('lexical errors', () => {
  it('reports unexpected characters with VGL1002 and goes on', () => {
    const r = parse('define a = 1 # 2');
    const lexical = r.diagnostics.filter((d) => d.code === 'VGL1002');
    expect(lexical).toHaveLength(1);
    expect(lexical[0]!.message).toBe("Unexpected character '#'");
    expect(lexical[0]!.range.start.character).toBe(13);
  });

  it('suggests != for a lone !', () => {
    expect(parse('define a = b ! c').diagnostics.find((d) => d.code === 'VGL1002')!.message).toMatch(/did you mean '!='/);
  });

  it('tracks lines and columns', () => {
    const r = lexer.tokenize('a\n  b\r\n c');
    expect(r.tokens.map((t) => [t.startLine, t.startColumn])).toEqual([[1, 1], [2, 3], [3, 2]]);
  });
});
