// The Vigil extension for VS Code: starts the bundled language server and adds the
// "Vigil: Run rule tests" command. Everything else (diagnostics, completion, hover,
// navigation, formatting, …) comes from the server.
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';

let client: LanguageClient | undefined;

interface RuleTestsResult {
  readonly available: boolean;
  readonly passed: number;
  readonly failed: number;
  readonly lines: readonly string[];
}

/** The server module: `vigil.server.path` when set (machine scope: a workspace cannot choose what runs), else the bundled one. */
function serverModule(context: vscode.ExtensionContext): string {
  const configured = vscode.workspace.getConfiguration('vigil').get<string>('server.path');
  return configured && configured.trim() !== '' ? configured.trim() : context.asAbsolutePath('dist/server.mjs');
}

function createClient(context: vscode.ExtensionContext, output: vscode.OutputChannel): LanguageClient {
  const module = serverModule(context);
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.stdio },
    debug: { module, transport: TransportKind.stdio, options: { execArgv: ['--enable-source-maps'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'vigil' },
      { scheme: 'untitled', language: 'vigil' },
    ],
    // Fixture files too: their results are the code lenses over the rules.
    synchronize: { fileEvents: [vscode.workspace.createFileSystemWatcher('**/*.vigil'), vscode.workspace.createFileSystemWatcher('**/*.cases.yaml'), vscode.workspace.createFileSystemWatcher('**/*.facts.yaml')] },
    outputChannel: output,
  };
  return new LanguageClient('vigil', 'Vigil', serverOptions, clientOptions);
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('Vigil');
  client = createClient(context, output);

  context.subscriptions.push(
    output,
    vscode.commands.registerCommand('vigil.runRuleTests', async (uri?: string) => {
      if (!client) return;
      const target = uri ?? vscode.window.activeTextEditor?.document.uri.toString();
      const result = (await client.sendRequest('workspace/executeCommand', {
        command: 'vigil.server.runRuleTests',
        arguments: target ? [target] : [],
      })) as RuleTestsResult | null;
      output.clear();
      for (const line of result?.lines ?? ['No result from the language server.']) output.appendLine(line);
      output.show(true);
      if (!result?.available) void vscode.window.showWarningMessage('Vigil: the rule test harness is not available.');
      else if (result.failed > 0) void vscode.window.showErrorMessage(`Vigil: ${result.failed} fixture(s) failed, ${result.passed} passed.`);
      else void vscode.window.showInformationMessage(`Vigil: ${result.passed} fixture(s) passed.`);
    }),
    // Settings apply without a reload: a new server path restarts the server (the trace
    // setting is read by the client on each message).
    vscode.workspace.onDidChangeConfiguration(async (e) => {
      if (!e.affectsConfiguration('vigil.server.path')) return;
      const old = client;
      client = createClient(context, output);
      output.appendLine(`vigil.server.path changed: restarting the server (${serverModule(context)})`);
      await old?.stop().catch(() => undefined);
      await client.start();
    }),
  );
  await client.start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
