// The language server: LSP over a connection (stdio by default), a thin adapter from
// protocol messages to the workspace and the feature functions. Every handler is guarded:
// a failure is logged and answered with an empty result, never a crash.
import { existsSync } from 'node:fs';
import { dirname } from 'node:path';
import { collectRuleFiles } from '@vigil/core';
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
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node.js';
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
} from './features.js';
import { codeLenses, runRuleTests, type TestRunner } from './lenses.js';
import { InProcessChecker, WorkerChecker } from './checker.js';
import { LastGood } from './last-good.js';
import { paramsProblem } from './params.js';
import { DEFAULT_DEBOUNCE_MS, Workspace } from './workspace.js';

export const SERVER_NAME = 'vigil-language-server';
export const SERVER_VERSION = '0.1.0';
/** Runs the fixtures of the rule set of the document given as the first argument (or of every rule set). */
export const RUN_TESTS_COMMAND = 'vigil.server.runRuleTests';

/** stdio unless the client asked for another transport on the command line. */
function defaultConnection(): Connection {
  const other = process.argv.some((a) => a === '--node-ipc' || a.startsWith('--socket') || a.startsWith('--pipe'));
  return other ? createConnection(ProposedFeatures.all) : createConnection(ProposedFeatures.all, process.stdin, process.stdout);
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
  const NOTIFICATIONS = new Set(['didOpen', 'didChange', 'didClose']);
  const DOCUMENT_REQUESTS = new Set(['foldingRanges', 'formatting']);
  const refuse = (name: string, p: unknown): boolean => {
    const problem = paramsProblem(name, p);
    if (problem === undefined) return false;
    if (NOTIFICATIONS.has(name)) {
      connection.console.warn(`${name} ignored: ${problem}`);
      return true;
    }
    throw new ResponseError(ErrorCodes.InvalidParams, `${name}: ${problem}`);
  };

  const guard = <P, R>(name: string, fallback: R, fn: (p: P) => R) =>
    (p: P): R => {
      try {
        if ((NOTIFICATIONS.has(name) || DOCUMENT_REQUESTS.has(name)) && refuse(name, p)) return fallback;
        return fn(p);
      } catch (error) {
        if (error instanceof ResponseError) throw error;
        if (error instanceof RenameError) throw new ResponseError(ErrorCodes.InvalidRequest, error.message);
        connection.console.error(`${name} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
        return fallback;
      }
    };

  connection.onInitialize((params): InitializeResult => {
    watchFiles = params.capabilities?.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
    const folders = params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []);
    try {
      // Every folder that holds rule files becomes a rule set, for workspace symbols.
      const dirs = new Set<string>();
      for (const f of folders) {
        const root = uriToPath(f);
        if (!existsSync(root)) continue;
        const { files } = collectRuleFiles([root], root);
        for (const file of files.slice(0, 2000)) dirs.add(dirname(file));
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
      void connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: '**/*.vigil' }] }).catch(() => undefined);
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
  connection.onDidChangeWatchedFiles(guard('didChangeWatchedFiles', undefined, (p) => ws.filesChanged(p.changes.map((c) => c.uri))));

  const guardAsync = <P, R>(name: string, fallback: R, fn: (p: P) => Promise<R>) =>
    async (p: P): Promise<R> => {
      try {
        return await fn(p);
      } catch (error) {
        connection.console.error(`${name} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
        return fallback;
      }
    };

  /** A request handler that first waits for the rule set's result of the current text. */
  const onDoc = <P extends { textDocument: { uri: string } }, R>(name: string, fallback: R, fn: (p: P) => R | Promise<R>, allowStale = true) =>
    async (p: P): Promise<R> => {
      try {
        refuse(name, p);
        await ws.ready(p.textDocument.uri, allowStale);
        return await fn(p);
      } catch (error) {
        if (error instanceof ResponseError) throw error;
        if (error instanceof RenameError) throw new ResponseError(ErrorCodes.InvalidRequest, error.message);
        connection.console.error(`${name} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
        return fallback;
      }
    };

  connection.onCompletion(onDoc('completion', [], (p) => completion(ws, p.textDocument.uri, p.position, p.context?.triggerCharacter)));
  connection.onHover(onDoc('hover', null, (p) => hover(ws, p.textDocument.uri, p.position)));
  connection.onDefinition(onDoc('definition', [], (p) => definition(ws, p.textDocument.uri, p.position)));
  connection.onReferences(onDoc('references', [], (p) => references(ws, p.textDocument.uri, p.position, p.context.includeDeclaration)));
  connection.onDocumentHighlight(onDoc('documentHighlight', [], (p) => documentHighlights(ws, p.textDocument.uri, p.position) as never));
  connection.onPrepareRename(onDoc('prepareRename', null, (p) => prepareRename(ws, p.textDocument.uri, p.position), false));
  connection.onRenameRequest(onDoc('rename', null, (p) => rename(ws, p.textDocument.uri, p.position, p.newName), false));
  connection.onDocumentSymbol(onDoc('documentSymbol', [], (p) => documentSymbols(ws, p.textDocument.uri)));
  connection.onWorkspaceSymbol(guardAsync('workspaceSymbol', [], (p) => workspaceSymbols(ws, p.query)));
  connection.languages.semanticTokens.on(onDoc('semanticTokens', { data: [] }, (p) => lastGood.semanticTokens(p.textDocument.uri, () => semanticTokens(ws, p.textDocument.uri))));
  connection.onFoldingRanges(guard('foldingRanges', [], (p) => foldingRanges(ws, p.textDocument.uri)));
  connection.onDocumentFormatting(guard('formatting', [], (p) => formatting(ws, p.textDocument.uri)));
  connection.onCodeAction(onDoc('codeAction', [], (p) => lastGood.codeActions(p.textDocument.uri, p.range, (r) => codeActions(ws, p.textDocument.uri, r))));
  connection.languages.inlayHint.on(onDoc('inlayHint', [], (p) => lastGood.inlayHints(p.textDocument.uri, p.range, (r) => inlayHints(ws, p.textDocument.uri, r))));
  connection.onCodeLens(onDoc('codeLens', [] as CodeLens[], (p) => lastGood.codeLenses(p.textDocument.uri, () => codeLenses(ws, p.textDocument.uri, options.testRunner))));
  connection.onExecuteCommand(
    guardAsync('executeCommand', null as unknown, async (p) => {
      if (p.command !== RUN_TESTS_COMMAND) return null;
      const uri = typeof p.arguments?.[0] === 'string' ? p.arguments[0] : undefined;
      return runRuleTests(ws, uri, options.testRunner);
    }),
  );

  connection.onShutdown(() => ws.dispose());
  connection.onExit(() => {
    ws.dispose();
    process.exit(0);
  });
  connection.listen();
  return connection;
}
