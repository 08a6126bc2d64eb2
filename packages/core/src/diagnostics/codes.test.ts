import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { allCodes, formatTemplate } from './codes.js';

describe('diagnostic code registry', () => {
  it('has unique codes and names, banded by phase', () => {
    expect(new Set(allCodes.map((c) => c.code)).size).toBe(allCodes.length);
    expect(new Set(allCodes.map((c) => c.name)).size).toBe(allCodes.length);
    // Bands: 1 syntax … 7 facts and harness, 8 FHIR and CDS Hooks.
    for (const c of allCodes) expect(c.code).toMatch(/^VGL[1-8]\d{3}$/);
  });
  it('is documented, code by code', () => {
    const doc = readFileSync(new URL('../../docs/diagnostics.md', import.meta.url), 'utf8');
    for (const c of allCodes) expect(doc, c.code).toContain(`\`${c.code}\` | \`${c.name}\` | ${c.severity}`);
  });
  it('gives every code but the parser\'s a template of its own, not a whole message', () => {
    // The parser's messages are Chevrotain's account of the grammar at the fault (diagnostics.md says why).
    const wholeMessage = allCodes.filter((c) => c.template === '{{message}}').map((c) => c.code);
    expect(wholeMessage).toEqual(['VGL1001', 'VGL1002', 'VGL1003']);
  });
  it('fills templates', () => {
    expect(formatTemplate("Unknown {{what}} '{{name}}'.", { what: 'fact', name: 'wcb' })).toBe("Unknown fact 'wcb'.");
  });
});
