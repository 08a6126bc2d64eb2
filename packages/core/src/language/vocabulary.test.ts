// The action vocabulary table (runtime's vocabulary.ts) against everything that derives from
// it or repeats it: keywords and token categories, the parser's alternatives and messages,
// the AST, the IR ranks and the language reference. Adding a verb to the table and to
// nothing else fails here until the reference and the keywords follow.
import { readFileSync } from 'node:fs';
import { ACTIONS, ACTION_RANK, ACTION_VERBS, actionLabel, STRENGTH_NAMES } from '@vigil/runtime';
import { describe, expect, it } from 'vitest';
import { decl, parse, parseOk } from './test-helpers.js';
import { ActionWord, Keyword, KEYWORDS, lexer, Operator, tokenIs } from './tokens.js';

const reference = readFileSync(new URL('../../docs/language.md', import.meta.url), 'utf8');

/** A rule that takes the action, written in its form. */
function ruleWith(a: (typeof ACTIONS)[number]): string {
  const verb = a.words.join(' ');
  const rest = { plain: ' aza', permanently: ' aza permanently', dose: ' aza 50 mg/d', schedule: ' cbc every 1 wk', because: '' }[a.form];
  return `rule R-1 "t"\n  then ${verb}${rest} because "why"\n`;
}

describe('the action vocabulary table', () => {
  it('has unique verbs, and an action whose words begin another comes after it', () => {
    expect(new Set(ACTION_VERBS).size).toBe(ACTIONS.length);
    ACTIONS.forEach((a, i) => {
      for (const b of ACTIONS.slice(i + 1)) {
        const prefix = a.words.length < b.words.length && a.words.every((w, k) => b.words[k] === w);
        expect(prefix, `${a.verb} must come after ${b.verb}`).toBe(false);
      }
    });
  });

  it('ranks by position, 1 the most severe', () => {
    expect(ACTIONS.map((a) => ACTION_RANK[a.verb])).toEqual(ACTIONS.map((_, i) => i + 1));
  });

  it('writes every action word as a keyword of the action-word category, and no other keyword is one', () => {
    const words = new Set<string>(ACTIONS.flatMap((a) => a.words));
    for (const w of words) expect(KEYWORDS, `'${w}' is not a keyword`).toContain(w);
    for (const k of KEYWORDS) {
      const [t] = lexer.tokenize(k).tokens;
      expect(tokenIs(t!, Keyword)).toBe(true);
      expect(tokenIs(t!, ActionWord), k).toBe(words.has(k));
    }
  });

  it('puts operators, `x` among them, in the operator category', () => {
    const ops = lexer.tokenize('= != < <= > >= + - * / x').tokens;
    expect(ops.every((t) => tokenIs(t, Operator))).toBe(true);
    expect(lexer.tokenize('and when { ,').tokens.some((t) => tokenIs(t, Operator))).toBe(false);
  });

  it('parses each action, written in its form, to its verb', () => {
    for (const a of ACTIONS) {
      const action = decl(parseOk(ruleWith(a)), 'RuleDecl').actions[0]!;
      expect(action.verb).toBe(a.verb);
      expect(action.targets.length > 0).toBe(a.form !== 'because');
      expect(action.permanent).toBe(a.form === 'permanently');
      expect(action.dose !== undefined).toBe(a.form === 'dose');
      expect(action.schedule !== undefined).toBe(a.form === 'schedule');
    }
  });

  it('names the first word of every action when one is expected', () => {
    const message = parse('rule R-1 "t"\n  then 42\n').diagnostics[0]!.message;
    const firsts = [...new Set(ACTIONS.map((a) => a.words[0]!))];
    expect(message).toContain(`(${firsts.slice(0, -1).join(', ')} or ${firsts[firsts.length - 1]})`);
  });
});

describe('the language reference', () => {
  it('lists the actions by rank as the table does', () => {
    const section = reference.slice(reference.indexOf('### Actions, by rank'));
    const rows = [...section.matchAll(/^\| (\d+) \| ([a-z ]+) \|/gm)].map((m) => [Number(m[1]), m[2]]);
    expect(rows).toEqual(ACTIONS.map((a) => [ACTION_RANK[a.verb], actionLabel(a.verb)]));
  });

  it('gives the grammar one alternative per action, in order, in its form', () => {
    const grammar = /^action\s+= ([\s\S]*?)\n(?!\s+\|)/m.exec(reference)![1]!;
    const alternatives = grammar.split(/\n\s+\| /).map((s) => s.trim());
    const expected = ACTIONS.map((a) => {
      const verb = a.words.map((w) => `"${w}"`).join(' ');
      const rest = { plain: 'target because?', permanently: 'target "permanently"? because?', dose: 'target doseSpec because?', schedule: 'target schedule because?', because: 'because' }[a.form];
      return `${verb} ${rest}`;
    });
    expect(alternatives).toEqual(expected);
  });

  it('lists the strengths of the table', () => {
    const line = /^\s*strength (.*)$/m.exec(reference.slice(reference.indexOf('## Rules')))![1]!;
    expect(line.split(' | ')).toEqual([...STRENGTH_NAMES]);
  });
});
