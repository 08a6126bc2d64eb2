// `vigil serve RULES [--port N] [--host H] [--config FILE]`: the rule set as a CDS Hooks 2.0
// service, its facts read from FHIR through the rule set's fhir-bindings.yaml.
import { dirname, resolve } from 'node:path';
import { codes, createDiagnostic, FileReadError, readRegularFile } from '@vigil/core';
import type { Diagnostic } from '@vigil/core';
import { checkServiceConfig, createCdsService, type CdsServiceOptions, type EngineLike, type ServiceConfig } from '@vigil/cds-hooks';
import { pruneBindings } from '@vigil/fhir';
import { ExitCode } from '../exit-codes.js';
import { withBounds } from '../fhir/bound-thresholds.js';
import { factsRead } from '../fhir/facts-read.js';
import { findBindingsFile, loadBindings } from '../fhir/load-bindings.js';
import { locateFactPath, parseFacts } from '../facts/load-facts.js';
import { describeFsError, readInputFile, UsageError } from '../io.js';
import { irOrErrors, loadRuleSet, lookupIn, renderProblems, type CommandContext } from './context.js';

export interface ServeOptions {
  readonly port?: string;
  readonly host?: string;
  readonly config?: string;
  readonly bindings?: string;
  /** Resolves when the service should stop (default: SIGINT or SIGTERM). */
  readonly until?: Promise<unknown>;
}

function loadConfig(path: string, ctx: CommandContext): ServiceConfig | Diagnostic[] {
  const text = readInputFile(path, ctx.io.cwd);
  const parsed = parseFacts(text.text, text.path);
  if (!parsed.ok) return parsed.diagnostics;
  const checked = checkServiceConfig(parsed.facts.data);
  if (checked.ok) return checked.config;
  return checked.issues.map((i) => {
    const { start, end } = locateFactPath(parsed.facts.document, parsed.facts.source, i.path);
    return createDiagnostic(codes.invalidServiceConfig, { uri: parsed.facts.uri, range: parsed.facts.source.rangeAt(start, end) }, { field: i.path || 'configuration', problem: i.message }, { data: { field: i.path } });
  });
}

export async function runServe(paths: readonly string[], options: ServeOptions, ctx: CommandContext): Promise<number> {
  const { io } = ctx;
  const port = options.port !== undefined ? Number(options.port) : undefined;
  if (port !== undefined && !(Number.isInteger(port) && port >= 0 && port < 65536)) throw new UsageError(`--port '${options.port}' is not a port number (0 to 65535)`);
  let config: ServiceConfig = {};
  if (options.config !== undefined) {
    const loaded = loadConfig(options.config, ctx);
    if (Array.isArray(loaded)) {
      const source = parseFacts(readInputFile(options.config, io.cwd).text, resolve(io.cwd, options.config));
      const sources = new Map(source.ok ? [[source.facts.uri, source.facts.source]] : [[source.source.uri, source.source]]);
      io.stderr.write(renderProblems(loaded, lookupIn(sources), 1, ctx));
      return ExitCode.inputErrors;
    }
    config = loaded;
  }
  const bindingsPath = findBindingsFile(paths, io.cwd, options.bindings);
  const services = await ctx.services();
  const { check } = loadRuleSet(paths, services, io);
  const ir = irOrErrors(check, ctx);
  if (!ir) return ExitCode.inputErrors;
  const engine = services.instantiateEngine(ir) as unknown as EngineLike;
  const bindings = loadBindings(bindingsPath, io.cwd, engine.facts);
  if (!bindings.ok) {
    io.stderr.write(renderProblems(bindings.diagnostics, lookupIn(new Map([[bindings.source.uri, bindings.source]])), 1, ctx));
    return ExitCode.inputErrors;
  }
  // Paths in the configuration are relative to its file.
  const configDir = options.config !== undefined ? dirname(resolve(io.cwd, options.config)) : io.cwd;
  let security: CdsServiceOptions['security'];
  if (config.security) {
    const issuers = config.security.issuers.map(({ jwksFile, ...issuer }) => {
      if (jwksFile === undefined) return issuer;
      const file = resolve(configDir, jwksFile);
      try {
        // Regular files only and size-capped, like every input.
        return { ...issuer, jwks: JSON.parse(readRegularFile(file, { maxBytes: 1024 * 1024, what: 'a JWK set' })) as { keys: [] } };
      } catch (error) {
        const reason = error instanceof SyntaxError ? 'not valid JSON' : error instanceof FileReadError ? error.reason : describeFsError(error);
        throw new UsageError(`cannot read the JWK set '${jwksFile}': ${reason}`);
      }
    });
    security = { ...config.security, issuers };
  }
  const service = createCdsService({
    engine,
    // Prefetch asks only for what the rules read.
    bindings: withBounds(pruneBindings(bindings.value, factsRead(ir)), ir),
    ...(config.publicUrl !== undefined ? { publicUrl: config.publicUrl } : {}),
    ...(security ? { security } : {}),
    ...(config.feedbackLog !== undefined ? { feedbackLog: resolve(configDir, config.feedbackLog) } : {}),
    ...(config.cors ? { cors: config.cors } : {}),
    ...(config.fhirServers ? { fhirServers: config.fhirServers } : {}),
    ...(config.limits ? { limits: config.limits } : {}),
    log: (line) => io.stderr.write(`${line}\n`),
  });
  let running: Awaited<ReturnType<typeof service.listen>>;
  try {
    running = await service.listen({ port: port ?? config.port ?? 3000, host: options.host ?? config.host ?? '127.0.0.1' });
  } catch (error) {
    throw new UsageError(`cannot listen: ${describeFsError(error)}`);
  }
  const { name, version } = ir.ruleset;
  io.stdout.write(`Vigil CDS Hooks service for ${name}${version ? ` ${version}` : ''} at ${running.url}/cds-services\n`);
  for (const s of service.discovery.services) io.stdout.write(`  POST ${running.url}/cds-services/${s.id}  (${s.hook})\n`);
  if (!security) io.stdout.write('  no JWT security configured: use --config with security.issuers outside a test setup\n');
  const stop =
    options.until ??
    new Promise<void>((resolveStop) => {
      process.once('SIGINT', resolveStop);
      process.once('SIGTERM', resolveStop);
    });
  await stop;
  await running.close();
  return ExitCode.ok;
}
