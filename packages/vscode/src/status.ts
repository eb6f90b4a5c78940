import * as vscode from 'vscode';
import type { StatusParams } from '@loopguard/language-server/protocol';

const STATE_TEXT: Record<StatusParams['state'], string> = {
  starting: 'starting',
  ready: 'ready',
  linting: 'linting',
  error: 'error',
};

/**
 * The language status item ("{ }" in the status bar next to the language mode): whether the server runs,
 * when it last linted, and whether the workspace is trusted.
 */
export class StatusItem implements vscode.Disposable {
  private readonly item: vscode.LanguageStatusItem;
  private trusted = true;
  private state: StatusParams = { state: 'starting' };
  private lastLint: StatusParams['lastLint'];

  constructor(languages: readonly string[]) {
    this.item = vscode.languages.createLanguageStatusItem('loopguard.status', languages.map((language) => ({ language })));
    this.item.name = 'loopguard';
    this.item.command = { title: 'Show Output', command: 'loopguard.showOutput' };
    this.render();
  }

  setTrusted(trusted: boolean): void {
    this.trusted = trusted;
    this.render();
  }

  setState(params: StatusParams): void {
    this.state = params;
    if (params.lastLint) this.lastLint = params.lastLint;
    if (params.workspaceTrusted !== undefined) this.trusted = params.workspaceTrusted;
    this.render();
  }

  setStopped(): void {
    this.state = { state: 'error', message: 'The language server stopped. Run "loopguard: Restart Language Server".' };
    this.render();
  }

  dispose(): void {
    this.item.dispose();
  }

  private render(): void {
    const { state, message } = this.state;
    const restricted = this.trusted ? '' : ' (restricted)';
    this.item.text = `loopguard: ${STATE_TEXT[state]}${restricted}`;
    this.item.busy = state === 'starting' || state === 'linting';
    this.item.severity =
      state === 'error' ? vscode.LanguageStatusSeverity.Error : this.trusted ? vscode.LanguageStatusSeverity.Information : vscode.LanguageStatusSeverity.Warning;
    const parts: string[] = [];
    if (message) parts.push(message);
    if (this.lastLint) {
      const at = new Date(this.lastLint.time);
      const file = vscode.workspace.asRelativePath(vscode.Uri.parse(this.lastLint.uri));
      parts.push(`last lint ${at.toLocaleTimeString()}: ${file} in ${Math.round(this.lastLint.durationMs)} ms`);
    } else if (state !== 'error') {
      parts.push('no file linted yet');
    }
    if (!this.trusted) parts.push("untrusted workspace: the project's ESLint config and code are not loaded");
    this.item.detail = parts.join(' · ');
  }
}
