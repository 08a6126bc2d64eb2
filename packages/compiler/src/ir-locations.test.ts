import { describe, expect, it } from 'vitest';
import { relativeUri, ruleSetRoot, withRelativeLocations } from './ir-locations.js';

describe('IR locations relative to the rule set root', () => {
  it('the root is the deepest directory holding every file', () => {
    expect(ruleSetRoot(['/a/rules/x.vigil', '/a/rules/sub/y.vigil'])).toBe('/a/rules');
    expect(ruleSetRoot(['/a/rules/x.vigil'])).toBe('/a/rules');
    expect(ruleSetRoot(['/a/one/x.vigil', '/b/y.vigil'])).toBe('/');
    expect(ruleSetRoot(['file:///a/rules/x.vigil', '/a/rules/y.vigil'])).toBe('/a/rules');
    expect(ruleSetRoot([])).toBeUndefined();
  });

  it('rewrites every location, at any depth, and leaves the rest alone', () => {
    const at = (uri: string) => ({ uri, start: { line: 0, character: 0, offset: 0 }, end: { line: 0, character: 1, offset: 1 } });
    const ir = {
      facts: [{ name: 'wbc', location: at('/r/facts.vigil') }],
      rules: [{ id: 'R', when: { kind: 'and', args: [{ atom: 0, text: 'x', location: at('/r/sub/a.vigil') }] }, location: at('file:///r/a.vigil') }],
      uri: '/r/not-a-location',
    };
    const out = withRelativeLocations(ir, '/r');
    expect(out.facts[0]!.location.uri).toBe('facts.vigil');
    expect(out.rules[0]!.location.uri).toBe('a.vigil');
    expect((out.rules[0]!.when.args[0] as { location: { uri: string } }).location.uri).toBe('sub/a.vigil');
    expect(out.uri).toBe('/r/not-a-location');
    expect(ir.facts[0]!.location.uri).toBe('/r/facts.vigil');
    expect(relativeUri('<expr>', '/r')).toBe('<expr>');
  });
});
