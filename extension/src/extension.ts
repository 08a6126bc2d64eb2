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

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const configured = vscode.workspace.getConfiguration('vigil').get<string>('server.path');
  const serverModule = configured && configured.trim() !== '' ? configured : context.asAbsolutePath('dist/server.mjs');
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.stdio },
    debug: { module: serverModule, transport: TransportKind.stdio, options: { execArgv: ['--enable-source-maps'] } },
  };
  const output = vscode.window.createOutputChannel('Vigil');
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'vigil' },
      { scheme: 'untitled', language: 'vigil' },
    ],
    synchronize: { fileEvents: vscode.workspace.createFileSystemWatcher('**/*.vigil') },
    outputChannel: output,
  };
  client = new LanguageClient('vigil', 'Vigil', serverOptions, clientOptions);

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
  );
  await client.start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
