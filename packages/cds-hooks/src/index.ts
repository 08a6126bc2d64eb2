// A CDS Hooks 2.0 service for a Vigil rule set: discovery, hooks, feedback, JWT security.
// Dependency-free (node:http, node:crypto), so generated engine packages embed it.
export { createCdsService, type CdsService, type CdsServiceOptions, type EngineLike, type ServiceDescription } from './service.js';
export { JwtVerifier, type IssuerConfig, type JwtOptions, type JwtResult } from './jwt.js';
export { cardsFor, indicatorOf, DEFAULT_OVERRIDE_REASONS, OVERRIDE_REASON_SYSTEM, type Card, type Coding } from './cards.js';
export { doseInstruction, doseSuggestion, orderSuggestion, type Suggestion } from './suggestions.js';
export { stableUuid } from './uuid.js';
export { checkServiceConfig, type ServiceConfig } from './config.js';
