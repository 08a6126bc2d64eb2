// `vigil eval --expr`: the expression is checked as the condition of one synthetic rule,
// in a synthetic file, beside the rule set (see checkExpression in pipeline.ts). Checks
// that speak of a rule speak of the expression when the rule is this one.

/** The id of the synthetic rule whose condition is the expression. */
export const EXPRESSION_RULE_ID = '__expr__';
/** The uri of the synthetic file that holds it. */
export const EXPRESSION_URI = '<expr>';
