import { describe, expect, it } from 'vitest';
import { paramsProblem, requestParamsProblem } from './params.js';

const doc = { uri: 'file:///a.vigil' };
const at = { line: 1, character: 2 };

describe('paramsProblem', () => {
  it('accepts the shapes the protocol defines', () => {
    expect(paramsProblem('hover', { textDocument: doc, position: at })).toBeUndefined();
    expect(paramsProblem('codeAction', { textDocument: doc, range: { start: at, end: at }, context: {} })).toBeUndefined();
    expect(paramsProblem('formatting', { textDocument: doc, options: {} })).toBeUndefined();
    expect(paramsProblem('didOpen', { textDocument: { ...doc, languageId: 'vigil', version: 1, text: '' } })).toBeUndefined();
    expect(paramsProblem('didChange', { textDocument: { ...doc, version: 2 }, contentChanges: [{ text: 'x' }, { range: { start: at, end: at }, text: '' }] })).toBeUndefined();
  });

  it('names the field that is wrong', () => {
    expect(paramsProblem('hover', null)).toBe('params must be an object');
    expect(paramsProblem('hover', [1])).toBe('params must be an object');
    expect(paramsProblem('hover', {})).toBe('params.textDocument must be an object');
    expect(paramsProblem('hover', { textDocument: { uri: 42 } })).toBe('params.textDocument.uri must be a string');
    expect(paramsProblem('hover', { textDocument: doc })).toBe('params.position must be an object with line and character');
    expect(paramsProblem('hover', { textDocument: doc, position: { line: 'x', character: 0 } })).toBe('params.position.line must be a number');
    expect(paramsProblem('inlayHint', { textDocument: doc, range: { start: at } })).toBe('params.range.end must be an object with line and character');
    expect(paramsProblem('didOpen', { textDocument: { ...doc, version: 1 } })).toBe('params.textDocument.text must be a string');
    expect(paramsProblem('didChange', { textDocument: { ...doc, version: 2 }, contentChanges: 'x' })).toBe('params.contentChanges must be an array');
    expect(paramsProblem('didChange', { textDocument: { ...doc, version: 2 }, contentChanges: [{ text: 'a' }, { range: {}, text: '' }] })).toBe(
      'params.contentChanges[1].range.start must be an object with line and character',
    );
  });

  it('checks what rename, references and the workspace requests read', () => {
    expect(paramsProblem('rename', { textDocument: doc, position: at })).toBe('params.newName must be a string');
    expect(paramsProblem('rename', { textDocument: doc, position: at, newName: 'x' })).toBeUndefined();
    expect(paramsProblem('references', { textDocument: doc, position: at })).toBe('params.context.includeDeclaration must be a boolean');
    expect(requestParamsProblem('textDocument/hover', null)).toBe('params must be an object');
    expect(requestParamsProblem('workspace/symbol', { query: 1 })).toBe('params.query must be a string');
    expect(requestParamsProblem('workspace/symbol', { query: '' })).toBeUndefined();
    expect(requestParamsProblem('workspace/executeCommand', { command: 'c', arguments: 'x' })).toBe('params.arguments must be an array');
    expect(requestParamsProblem('vigil/unknown', null)).toBeUndefined();
  });
});
