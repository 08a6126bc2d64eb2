// Lowering: the checked semantic model to the typed IR. Runs only when the checker found no
// error, so it may assume every name resolves and every unit is valid and commensurable.
// Quantities are brought to one unit per comparison here, with exact factors, so back ends
// never convert units except at the input boundary.
//
// This file is the driver: each kind of declaration is lowered in its own module under
// lower/ (facts, value sets, definitions, rules, protocols; expressions shared). A new kind
// of declaration gets its own module and one case in the loop below.
import type { SemanticModel } from '../semantics/model.js';
import { IR_VERSION, type IrDefinition, type IrProgram, type IrProtocol, type IrRule } from './ir.js';
import { lowerContext } from './lower/common.js';
import { lowerDefinition, sortDefinitions } from './lower/definitions.js';
import { lowerFacts } from './lower/facts.js';
import { lowerProtocol } from './lower/protocols.js';
import { keptOr } from './lower/kept.js';
import { namesToken } from '../semantics/model/env.js';
import { keptRule } from './lower/rules.js';
import { lowerTable } from './lower/tables.js';
import { lowerValueSets } from './lower/value-sets.js';

export { boundedExact, irType, LoweringError, MAX_EXACT_LENGTH } from './lower/common.js';
export { refsIn } from './lower/definitions.js';

export function lowerProgram(model: SemanticModel): IrProgram {
  const ctx = lowerContext(model);
  const facts = lowerFacts(ctx);
  const valueSets = lowerValueSets(ctx);
  // A declaration whose inputs did not change since the last check keeps its IR (lower/kept.ts).
  const env = namesToken(model);

  // Declarations in source order (atom ids follow it); definitions then sorted by dependency.
  // A declaration that lost a duplicate-name clash is not the model's and is left out.
  const definitions: IrDefinition[] = [];
  const rules: IrRule[] = [];
  const protocols: IrProtocol[] = [];
  for (const file of model.files) {
    const uri = file.uri;
    for (const d of file.document.declarations) {
      switch (d.kind) {
        case 'DefineDecl':
          if (model.definitions.get(d.name.value)?.decl === d) definitions.push(keptOr(ctx, env, d, uri, '', () => lowerDefinition(ctx, d, uri)));
          break;
        case 'RuleDecl':
          if (model.rules.get(d.id.value)?.decl === d) rules.push(keptRule(ctx, env, d, uri));
          break;
        case 'ProtocolDecl':
          if (model.rules.get(d.id.value)?.decl === d) protocols.push(keptOr(ctx, env, d, uri, '', () => lowerProtocol(ctx, d, uri)));
          break;
        case 'TableDecl':
          rules.push(...lowerTable(ctx, env, d, uri));
          break;
      }
    }
  }

  return {
    irVersion: IR_VERSION,
    ruleset: { name: model.header?.name ?? 'unnamed', ...(model.header?.version !== undefined ? { version: model.header.version } : {}), ...strengthsOf(model) },
    facts,
    valueSets,
    definitions: sortDefinitions(definitions),
    rules,
    protocols,
    atomCount: ctx.atomCount,
  };
}

/** The rule set's own strength vocabulary, when its header declares one (the default five are implied). */
function strengthsOf(model: SemanticModel): { strengths?: readonly string[] } {
  return model.files.some((f) => f.document.header?.strengths) ? { strengths: model.strengths } : {};
}
