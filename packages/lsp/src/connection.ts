// The language server: LSP over a connection (stdio by default), a thin adapter from
// protocol messages to the workspace and the feature functions. Every handler is guarded:
// a failure is logged and answered with an empty result, never a crash.
import { existsSync } from 'node:fs';
import { dirname } from 'node:path';
import { ruleSetsIn } from '@vigil/core';
import {
  CodeActionKind,
  DidChangeWatchedFilesNotification,
  ResponseError,
  ErrorCodes,
  TextDocumentSyncKind,
  type CodeLens,
  type Connection,
  type InitializeResult,
} from 'vscode-languageserver';
import { createConnection, IPCMessageReader, IPCMessageWriter, ProposedFeatures, StreamMessageWriter, type Message } from 'vscode-languageserver/node.js';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { uriToPath } from './convert.js';
import {
  codeActions,
  completion,
  definition,
  documentHighlights,
  documentSymbols,
  foldingRanges,
  formatting,
  hover,
  inlayHints,
  prepareRename,
  references,
  rename,
  RenameError,
  semanticTokens,
  TOKEN_MODIFIERS,
  TOKEN_TYPES,
  workspaceSymbols,
} from './features/index.js';
import { codeLenses, fixturesChanged, isFixtureFile, RUN_TESTS_COMMAND, runRuleTests, type TestRunner } from './lenses.js';
import { InProcessChecker, WorkerChecker } from './checker.js';
import { LastGood } from './last-good.js';
import { LifecycleGate } from './lifecycle.js';
import { paramsProblem } from './params.js';
import { ResilientMessageReader, type FramingProblem } from './transport.js';
import { DEFAULT_DEBOUNCE_MS, Workspace } from './workspace.js';

export const SERVER_NAME = 'vigil-language-server';
export const SERVER_VERSION = '0.1.0';
export { RUN_TESTS_COMMAND };

/**
 * stdio unless the client asked for another transport on the command line. On stdio and IPC
 * every message first passes the resilient reader (bad framing and bodies are answered, never
 * left hanging) and the lifecycle gate (see lifecycle.ts); sockets and pipes get the
 * library's reader.
 */
function defaultConnection(): Connection {
  const argv = process.argv;
  if (argv.some((a) => a.startsWith('--socket') || a.startsWith('--pipe'))) return createConnection(ProposedFeatures.all);
  const log = (m: string) => process.stderr.write(`${m}\n`);
  const ipc = argv.includes('--node-ipc');
  const writer = ipc ? new IPCMessageWriter(process) : new StreamMessageWriter(process.stdout);
  const answer = (p: FramingProblem) => void writer.write({ jsonrpc: '2.0', id: p.id, error: { code: p.code, message: p.message } } as Message).catch(() => undefined);
  const reader = ipc ? new IPCMessageReader(process) : new ResilientMessageReader(process.stdin, answer, log);
  const gate = new LifecycleGate(reader, writer, log);
  // The library ends the process when stdin ends only for a stream it reads itself.
  const end = () => process.exit(gate.lifecycle === 'shutdown' ? 0 : 1);
  if (!ipc) {
    process.stdin.on('end', end);
    process.stdin.on('close', end);
    // stdout carries the protocol: nothing else may be written to it.
    console.log = console.info = console.debug = (...args: unknown[]) => log(args.map(String).join(' '));
  }
  return createConnection(ProposedFeatures.all, gate, writer);
}

/** A handler's failure in one line: the log is read by authors, not a place for stack traces. */
function describeFailure(error: unknown): string {
  return (error instanceof Error ? `${error.name}: ${error.message}` : String(error)).split('\n')[0]!;
}

export interface ServerOptions {
  /** Delay between the last edit and the check (ms). */
  readonly debounceMs?: number;
  /** Runs a rule set's fixtures, for code lenses and the test command (when the harness is available). */
  readonly testRunner?: TestRunner;
  /** A script that serves checks when started as a worker thread (see `serveChecks`); without it, checks run in process. */
  readonly workerScript?: string;
}

/** Starts the server on `connection` (stdio when none is given). Returns the connection. */
export function startServer(options: ServerOptions = {}, connection: Connection = defaultConnection()): Connection {
  const docs = new Map<string, TextDocument>();
  let watchFiles = false;
  let lensRefresh = false;
  const log = (m: string) => connection.console.error(m);
  const ws = new Workspace({
    debounceMs: options.debounceMs ?? DEFAULT_DEBOUNCE_MS,
    checker: options.workerScript ? new WorkerChecker(options.workerScript, log) : new InProcessChecker(),
    publish: (uri, version, diagnostics) => {
      void connection.sendDiagnostics({ uri, ...(version !== undefined ? { version } : {}), diagnostics }).catch(() => undefined);
    },
    log,
  });
  // Features that read a check's result answer from the last good one while a check runs.
  const lastGood = new LastGood(ws);

  // Notifications cannot be answered: a malformed one is logged in one line and ignored.
  // Requests are refused with InvalidParams naming the field.
  const NOTIFICATIONS = new Set(['didOpen', 'didChange', 'didClose', 'didChangeWatchedFiles']);
  // Their parameters are checked where messages come in (requestParamsProblem in params.ts).
  const WORKSPACE_REQUESTS = new Set(['workspaceSymbol', 'executeCommand']);
  const refuse = (name: string, p: unknown): boolean => {
    const problem = paramsProblem(name, p);
    if (problem === undefined) return false;
    if (NOTIFICATIONS.has(name)) {
      connection.console.warn(`${name} ignored: ${problem}`);
      return true;
    }
    throw new ResponseError(ErrorCodes.InvalidParams, `${name}: ${problem}`);
  };

  /**
   * The one guard every handler goes through. Parameters are checked first (a notification
   * with bad ones is ignored, a request refused with InvalidParams); with `ready`, the
   * rule set's result of the current text is awaited (`'fresh'`: never an older one). A
   * failure is logged in one line and answered with `fallback`; a ResponseError (and a
   * refused rename, as InvalidRequest) reaches the client as it is. The handler runs
   * synchronously up to its first await, so notifications are applied in the order sent.
   */
  const guard =
    <P, R>(name: string, fallback: R, fn: (p: P) => R | Promise<R>, ready?: 'stale' | 'fresh') =>
    async (p: P): Promise<R> => {
      try {
        if (!WORKSPACE_REQUESTS.has(name) && refuse(name, p)) return fallback;
        if (ready) await ws.ready((p as { textDocument: { uri: string } }).textDocument.uri, ready === 'stale');
        return await fn(p);
      } catch (error) {
        if (error instanceof ResponseError) throw error;
        if (error instanceof RenameError) throw new ResponseError(ErrorCodes.InvalidRequest, error.message);
        connection.console.error(`${name} failed: ${describeFailure(error)}`);
        return fallback;
      }
    };

  connection.onInitialize((params): InitializeResult => {
    watchFiles = params.capabilities?.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
    lensRefresh = params.capabilities?.workspace?.codeLens?.refreshSupport === true;
    // Clients send what they send: only well-formed folder URIs are used.
    const listed = Array.isArray(params.workspaceFolders) ? params.workspaceFolders.map((f: unknown) => (f as { uri?: unknown } | null)?.uri) : [params.rootUri];
    const folders = listed.filter((u): u is string => typeof u === 'string' && u.startsWith('file:'));
    try {
      // Every rule set in the folders (the core's workspace service finds them, as `vigil check`
      // does) is checked, for workspace symbols.
      const dirs = new Set<string>();
      for (const f of folders) {
        const root = uriToPath(f);
        if (!existsSync(root)) continue;
        // Files below no header: each folder of them is a set in the editor.
        for (const set of ruleSetsIn([root], root).sets) for (const d of set.name !== undefined ? [set.root] : set.rules.map(dirname)) dirs.add(d);
      }
      ws.addFolders([...dirs].slice(0, 100));
    } catch {
      // An unreadable folder only means fewer workspace symbols.
    }
    return {
      serverInfo: { name: SERVER_NAME, version: SERVER_VERSION },
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: false },
        completionProvider: { triggerCharacters: [' ', '{', ',', '=', '-'], resolveProvider: false },
        hoverProvider: true,
        definitionProvider: true,
        referencesProvider: true,
        documentHighlightProvider: true,
        renameProvider: { prepareProvider: true },
        documentSymbolProvider: true,
        workspaceSymbolProvider: true,
        semanticTokensProvider: { legend: { tokenTypes: [...TOKEN_TYPES], tokenModifiers: [...TOKEN_MODIFIERS] }, full: true },
        foldingRangeProvider: true,
        documentFormattingProvider: true,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.RefactorRewrite] },
        inlayHintProvider: true,
        codeLensProvider: { resolveProvider: false },
        executeCommandProvider: { commands: [RUN_TESTS_COMMAND] },
      },
    };
  });

  connection.onInitialized(() => {
    if (watchFiles) {
      void connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: '**/*.vigil' }, { globPattern: '**/*.cases.yaml' }, { globPattern: '**/*.facts.yaml' }] }).catch(() => undefined);
    }
  });

  // Documents: kept here (incremental edits applied) and handed to the workspace as text.
  connection.onDidOpenTextDocument(
    guard('didOpen', undefined, (p) => {
      const d = TextDocument.create(p.textDocument.uri, p.textDocument.languageId, p.textDocument.version, p.textDocument.text);
      docs.set(d.uri, d);
      ws.open(d.uri, d.version, d.getText());
    }),
  );
  connection.onDidChangeTextDocument(
    guard('didChange', undefined, (p) => {
      const d = docs.get(p.textDocument.uri);
      if (!d) return;
      // Versions only increase: an older or repeated one is a late message, and applying it
      // would give text the editor never had (the next change applies to the newer text).
      if (p.textDocument.version <= d.version) {
        connection.console.warn(`didChange ignored: version ${p.textDocument.version} of ${p.textDocument.uri} is not newer than ${d.version}`);
        return;
      }
      const next = TextDocument.update(d, p.contentChanges, p.textDocument.version);
      docs.set(d.uri, next);
      ws.change(next.uri, next.version, next.getText());
    }),
  );
  connection.onDidCloseTextDocument(
    guard('didClose', undefined, (p) => {
      docs.delete(p.textDocument.uri);
      lastGood.forget(p.textDocument.uri);
      ws.close(p.textDocument.uri);
    }),
  );
  connection.onDidChangeWatchedFiles(
    guard('didChangeWatchedFiles', undefined, (p) => {
      const uris = p.changes.map((c) => c.uri);
      const rules = uris.filter((u) => !isFixtureFile(u));
      if (rules.length > 0) ws.filesChanged(rules);
      if (rules.length < uris.length) {
        // Fixtures changed: the lenses run them again when the client asks for them anew.
        fixturesChanged();
        if (lensRefresh) void connection.sendRequest('workspace/codeLens/refresh').catch(() => undefined);
      }
    }),
  );

  /** A document request: answered from the rule set's result of the current text (or the last one, when allowed). */
  const onDoc = <P extends { textDocument: { uri: string } }, R>(name: string, fallback: R, fn: (p: P) => R | Promise<R>, allowStale = true) =>
    guard(name, fallback, fn, allowStale ? 'stale' : 'fresh');

  connection.onCompletion(onDoc('completion', [], (p) => completion(ws, p.textDocument.uri, p.position, p.context?.triggerCharacter)));
  connection.onHover(onDoc('hover', null, (p) => hover(ws, p.textDocument.uri, p.position)));
  connection.onDefinition(onDoc('definition', [], (p) => definition(ws, p.textDocument.uri, p.position)));
  connection.onReferences(onDoc('references', [], (p) => references(ws, p.textDocument.uri, p.position, p.context.includeDeclaration)));
  connection.onDocumentHighlight(onDoc('documentHighlight', [], (p) => documentHighlights(ws, p.textDocument.uri, p.position) as never));
  connection.onPrepareRename(onDoc('prepareRename', null, (p) => prepareRename(ws, p.textDocument.uri, p.position), false));
  connection.onRenameRequest(onDoc('rename', null, (p) => rename(ws, p.textDocument.uri, p.position, p.newName), false));
  connection.onDocumentSymbol(onDoc('documentSymbol', [], (p) => documentSymbols(ws, p.textDocument.uri)));
  connection.onWorkspaceSymbol(guard('workspaceSymbol', [], (p) => workspaceSymbols(ws, p.query)));
  connection.languages.semanticTokens.on(onDoc('semanticTokens', { data: [] }, (p) => lastGood.semanticTokens(p.textDocument.uri, () => semanticTokens(ws, p.textDocument.uri))));
  connection.onFoldingRanges(guard('foldingRanges', [], (p) => foldingRanges(ws, p.textDocument.uri)));
  connection.onDocumentFormatting(guard('formatting', [], (p) => formatting(ws, p.textDocument.uri)));
  connection.onCodeAction(onDoc('codeAction', [], (p) => lastGood.codeActions(p.textDocument.uri, p.range, (r) => codeActions(ws, p.textDocument.uri, r))));
  connection.languages.inlayHint.on(onDoc('inlayHint', [], (p) => lastGood.inlayHints(p.textDocument.uri, p.range, (r) => inlayHints(ws, p.textDocument.uri, r))));
  connection.onCodeLens(onDoc('codeLens', [] as CodeLens[], (p) => lastGood.codeLenses(p.textDocument.uri, () => codeLenses(ws, p.textDocument.uri, options.testRunner))));
  connection.onExecuteCommand(
    guard('executeCommand', null as unknown, async (p) => {
      if (p.command !== RUN_TESTS_COMMAND) return null;
      const uri = typeof p.arguments?.[0] === 'string' ? p.arguments[0] : undefined;
      const rule = typeof p.arguments?.[1] === 'string' ? p.arguments[1] : undefined;
      const result = await runRuleTests(ws, uri, options.testRunner, rule);
      // From a lens (a rule given): clients without a command of their own show the outcome.
      if (rule) void connection.sendNotification('window/showMessage', { type: 3, message: result.lines.find((l) => l.startsWith(`${rule}:`)) ?? result.lines.slice(-1)[0] ?? '' }).catch(() => undefined);
      return result;
    }),
  );

  connection.onShutdown(() => ws.dispose());
  // The library then exits with 0 after a shutdown, 1 without one.
  connection.onExit(() => ws.dispose());
  connection.listen();
  return connection;
}
