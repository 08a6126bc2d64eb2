#!/usr/bin/env node
// Generates grammar/vigil.tmLanguage.json, the TextMate grammar, from the language's
// keyword list (packages/core/src/language/tokens.ts), each keyword scoped by its role;
// the action words come from the vocabulary table (packages/runtime/src/vocabulary.ts).
// Fails when a keyword has no role, so the grammar never falls behind the language.
//
//   node grammar/gen-grammar.mjs            (rewrite it)
//   node grammar/gen-grammar.mjs --check    (exit 1 when the committed file is out of date)
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeGenerated } from './write-generated.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const tokensTs = readFileSync(join(HERE, '../packages/core/src/language/tokens.ts'), 'utf8');
const list = /export const KEYWORDS[^=]*=\s*\[([\s\S]*?)\];/.exec(tokensTs);
if (!list) throw new Error('KEYWORDS not found in tokens.ts');
const KEYWORDS = [...list[1].matchAll(/'([a-z]+)'/g)].map((m) => m[1]);
const vocabularyTs = readFileSync(join(HERE, '../packages/runtime/src/vocabulary.ts'), 'utf8');
const table = /export const ACTIONS = \[([\s\S]*?)\] as const/.exec(vocabularyTs);
if (!table) throw new Error('ACTIONS not found in vocabulary.ts');
/** Each action's words, in rank order: `[['contraindicate'], …, ['advise', 'against'], ['advise']]`. */
const ACTION_WORDS = [...table[1].matchAll(/words: \[([^\]]*)\]/g)].map((m) => [...m[1].matchAll(/'([a-z]+)'/g)].map((w) => w[1]));
if (ACTION_WORDS.length === 0) throw new Error('no action words found in vocabulary.ts');
const actionFirst = [...new Set(ACTION_WORDS.map((ws) => ws[0]))];
const actionLater = [...new Set(ACTION_WORDS.flatMap((ws) => ws.slice(1)))].filter((w) => !actionFirst.includes(w));

const ROLES = {
  declaration: ['ruleset', 'import', 'facts', 'groups', 'valueset', 'define', 'rule', 'protocol', 'table'],
  clause: ['version', 'strengths', 'source', 'strength', 'group', 'overrides', 'tightens', 'except', 'otherwise', 'when', 'unless', 'then', 'because', 'drug', 'target', 'over', 'step', 'observe', 'hit'],
  type: ['boolean', 'text', 'datetime', 'date', 'code', 'duration', 'enum', 'quantity', 'set', 'of'],
  modifier: ['baseline', 'uln', 'optional', 'range', 'complete'],
  logical: ['and', 'or', 'not'],
  predicate: ['in', 'is', 'missing', 'present', 'includes', 'more', 'less', 'than', 'ago', 'within'],
  action: actionFirst,
  actionModifier: ['permanently', 'to', 'standard', 'every', 'for', 'until', 'from', 'rounded', 'below', 'once', 'twice', 'times', 'daily', 'weekly', 'start', 'increase', 'decrease', 'by', 'as', 'often', 'after', ...actionLater],
  other: ['x', 'true', 'false'],
};
const assigned = new Set(Object.values(ROLES).flat());
const missing = KEYWORDS.filter((k) => !assigned.has(k));
if (missing.length > 0) throw new Error(`keywords without a role in the grammar: ${missing.join(', ')}`);

const byLength = (ws) => [...ws].sort((a, b) => b.length - a.length || (a < b ? -1 : 1));
const W = (ws) => `\\b(?:${byLength(ws).join('|')})\\b`;
const unitChar = "[A-Za-z0-9_.*/\\[\\]{}%'^-]";
const unit = `(?![*-])(?!(?:${byLength(KEYWORDS).join('|')})(?!${unitChar}))${unitChar}*[A-Za-z%'\\[\\]{}*]${unitChar}*`;
const ruleId = '[A-Za-z][A-Za-z0-9_]*(?:-[A-Za-z0-9_]+)+';
const ident = '[A-Za-z_][A-Za-z0-9_]*';

const grammar = {
  $schema: 'https://raw.githubusercontent.com/martinring/tmlanguage/master/tmlanguage.json',
  name: 'Vigil',
  scopeName: 'source.vigil',
  fileTypes: ['vigil'],
  patterns: [{ include: '#comments' }, { include: '#declarations' }, { include: '#expression' }],
  repository: {
    comments: {
      patterns: [
        { name: 'comment.line.double-slash.vigil', begin: '//', beginCaptures: { 0: { name: 'punctuation.definition.comment.vigil' } }, end: '$' },
        { name: 'comment.block.vigil', begin: '/\\*', beginCaptures: { 0: { name: 'punctuation.definition.comment.begin.vigil' } }, end: '\\*/', endCaptures: { 0: { name: 'punctuation.definition.comment.end.vigil' } } },
      ],
    },
    strings: {
      patterns: [
        {
          name: 'string.quoted.double.vigil',
          begin: '"',
          beginCaptures: { 0: { name: 'punctuation.definition.string.begin.vigil' } },
          end: '(")|$',
          endCaptures: { 1: { name: 'punctuation.definition.string.end.vigil' } },
          patterns: [
            { name: 'constant.character.escape.vigil', match: '\\\\(?:["\\\\nt]|u\\{[0-9A-Fa-f]{1,6}\\})' },
            { name: 'invalid.illegal.escape.vigil', match: '\\\\.' },
          ],
        },
      ],
    },
    declarations: {
      patterns: [
        { match: `\\b(ruleset)\\s+(${ident})`, captures: { 1: { name: 'keyword.declaration.ruleset.vigil' }, 2: { name: 'entity.name.namespace.vigil' } } },
        { match: `\\b(rule|protocol|table)\\s+(${ruleId}|${ident})`, captures: { 1: { name: 'keyword.declaration.$1.vigil' }, 2: { name: 'entity.name.function.rule.vigil' } } },
        { match: `\\b(hit)\\s+(${ident})`, captures: { 1: { name: 'keyword.control.clause.vigil' }, 2: { name: 'constant.language.hit-policy.vigil' } } },
        { match: `\\b(define)\\s+(${ident})`, captures: { 1: { name: 'keyword.declaration.define.vigil' }, 2: { name: 'entity.name.function.definition.vigil' } } },
        { match: `\\b(valueset)\\s+(${ident})`, captures: { 1: { name: 'keyword.declaration.valueset.vigil' }, 2: { name: 'entity.name.type.valueset.vigil' } } },
        { match: `^\\s*(${ident})\\s*(:)`, captures: { 1: { name: 'variable.other.fact.declaration.vigil' }, 2: { name: 'punctuation.separator.key-value.vigil' } } },
        { match: `\\b(strength)\\s+(${ident})`, captures: { 1: { name: 'keyword.control.clause.vigil' }, 2: { name: 'constant.language.strength.vigil' } } },
        // `strengths { strong, moderate, optional }`: every name is a strength, reserved word or not.
        {
          begin: '\\b(strengths)\\s*(\\{)',
          beginCaptures: { 1: { name: 'keyword.control.clause.vigil' }, 2: { name: 'punctuation.section.braces.vigil' } },
          end: '\\}',
          endCaptures: { 0: { name: 'punctuation.section.braces.vigil' } },
          patterns: [{ include: '#comments' }, { name: 'constant.language.strength.vigil', match: ident }, { name: 'punctuation.separator.comma.vigil', match: ',' }],
        },
        {
          begin: '\\b(groups)\\s*(\\{)',
          beginCaptures: { 1: { name: 'keyword.declaration.groups.vigil' }, 2: { name: 'punctuation.section.braces.vigil' } },
          end: '\\}',
          endCaptures: { 0: { name: 'punctuation.section.braces.vigil' } },
          patterns: [{ include: '#comments' }, { include: '#strings' }, { name: 'storage.modifier.vigil', match: '\\bcomplete\\b' }, { name: 'entity.name.type.group.vigil', match: ident }],
        },
        {
          begin: '\\b(group)\\b',
          beginCaptures: { 1: { name: 'keyword.control.clause.vigil' } },
          end: `(?=${W(['when', 'unless', 'then', 'source', 'strength', 'overrides', 'otherwise', 'group', ...ROLES.declaration])})|(?=//|/\\*)|$`,
          patterns: [{ name: 'entity.name.type.group.vigil', match: ident }, { name: 'punctuation.separator.comma.vigil', match: ',' }],
        },
        // `otherwise in G`: the group the rule completes.
        { match: `\\b(otherwise)\\s+(in)\\s+(${ident})`, captures: { 1: { name: 'keyword.control.clause.vigil' }, 2: { name: 'keyword.control.clause.vigil' }, 3: { name: 'entity.name.type.group.vigil' } } },
        {
          begin: '\\b(overrides)\\b',
          beginCaptures: { 1: { name: 'keyword.control.clause.vigil' } },
          end: `(?=${W(['when', 'unless', 'then', 'source', 'strength', 'group', 'otherwise', ...ROLES.declaration])})|(?=//|/\\*)`,
          patterns: [
            { include: '#comments' },
            { name: 'keyword.other.action.vigil', match: W(ACTION_WORDS.flat()) },
            { name: 'keyword.control.clause.vigil', match: '\\b(?:of|except)\\b' },
            { name: 'entity.name.function.rule.vigil', match: `${ruleId}|${ident}` },
            { name: 'punctuation.separator.comma.vigil', match: ',' },
            { name: 'punctuation.section.braces.vigil', match: '[{}]' },
          ],
        },
        { match: '\\b(rxnorm|snomed|icd10|loinc|atc)\\b(?=\\s*")', name: 'support.constant.code-system.vigil' },
        { match: '\\b(import)\\b', name: 'keyword.declaration.import.vigil' },
        { match: W(ROLES.declaration), name: 'keyword.declaration.vigil' },
      ],
    },
    expression: {
      patterns: [
        { include: '#comments' },
        { include: '#strings' },
        { match: `\\b(quantity)[ \\t]+(${unit})`, captures: { 1: { name: 'storage.type.vigil' }, 2: { name: 'keyword.other.unit.vigil' } } },
        { match: `(?<![A-Za-z0-9_.])(\\d+(?:\\.\\d+)?)(?:[ \\t]*(${unit}))?`, captures: { 1: { name: 'constant.numeric.decimal.vigil' }, 2: { name: 'keyword.other.unit.vigil' } } },
        { match: `\\b(${ident})(\\.)(baseline|uln)\\b`, captures: { 1: { name: 'variable.other.vigil' }, 2: { name: 'punctuation.accessor.vigil' }, 3: { name: 'storage.modifier.vigil' } } },
        // An action of several words (`advise against`) is one action, every word of it.
        ...ACTION_WORDS.filter((ws) => ws.length > 1).map((ws) => ({
          match: `\\b${ws.map((w) => `(${w})`).join('\\s+')}\\b`,
          captures: Object.fromEntries(ws.map((_, i) => [i + 1, { name: 'keyword.other.action.vigil' }])),
        })),
        { match: `\\b${ruleId}\\b`, name: 'entity.name.function.rule.vigil' },
        { match: W(ROLES.clause), name: 'keyword.control.clause.vigil' },
        { match: W(ROLES.action), name: 'keyword.other.action.vigil' },
        { match: W(ROLES.actionModifier), name: 'keyword.other.action-modifier.vigil' },
        { match: W(ROLES.type), name: 'storage.type.vigil' },
        { match: W(ROLES.modifier), name: 'storage.modifier.vigil' },
        { match: W(ROLES.logical), name: 'keyword.operator.logical.vigil' },
        { match: W(ROLES.predicate), name: 'keyword.operator.word.vigil' },
        { match: '\\b(true|false)\\b', name: 'constant.language.boolean.vigil' },
        { match: '\\bx\\b', name: 'keyword.operator.arithmetic.vigil' },
        { match: W(ROLES.declaration), name: 'keyword.declaration.vigil' },
        { match: '!=|<=|>=|=|<|>', name: 'keyword.operator.comparison.vigil' },
        { match: '[+\\-*/]', name: 'keyword.operator.arithmetic.vigil' },
        { match: '[{}]', name: 'punctuation.section.braces.vigil' },
        { match: '[()]', name: 'punctuation.section.parens.vigil' },
        { match: '\\|', name: 'punctuation.separator.table.vigil' },
        { match: ',', name: 'punctuation.separator.comma.vigil' },
        { match: ':', name: 'punctuation.separator.key-value.vigil' },
        { match: ident, name: 'variable.other.vigil' },
      ],
    },
  },
};

writeGenerated(HERE, 'vigil.tmLanguage.json', JSON.stringify(grammar, null, 2) + '\n', 'grammar/gen-grammar.mjs', `${KEYWORDS.length} keywords`);
