import {
  Event,
  MessageType,
  ShowMessageNotification,
  TextDocuments,
  type CancellationToken,
  type Connection,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { isRustFile, rustLspFindings } from '@loopguard/rust';
import { folderOf, locate } from './documents';
import { toDiagnostic, toFindings, type Finding } from './findings';
import { LintEngine, ProjectConfigs, type LintOutput, type RuleOptions } from './lint-engine';
import { StatusNotification, type ServerState, type StatusParams } from './protocol';
import { MeasuredDiagnostics } from './measured';
import { mergeQuick } from './quick-pass';
import { SettingsStore, type Settings } from './settings';
import type { ClientProfile, DocumentState, LintResult } from './types';

/** Quiet time before documents that may call a changed helper are diagnosed again. */
const DEPENDENTS_DEBOUNCE_MS = 250;
/**
 * Pause in typing before the full pass follows a quick result. Long enough that a keystroke rarely waits for a
 * full pass (a full pass cannot be interrupted), short enough that cross-file results follow a pause at once.
 */
const FULL_PASS_IDLE_MS = 300;

type Want = 'any' | 'full';

interface Pass {
  readonly output: LintOutput;
  readonly phase: LintResult['phase'];
  readonly findings: Finding[];
}

/** Cancelled once what it was made for is stale (checked when asked: no event to fire). */
class StaleToken implements CancellationToken {
  readonly onCancellationRequested = Event.None;
  constructor(private readonly stale: () => boolean) {}
  get isCancellationRequested(): boolean {
    return this.stale();
  }
}

/**
 * What every feature module shares: the connection, the open documents and their lint results, the client's
 * profile, the settings and the lint engine. Features register their handlers against it (`features/*.ts`).
 */
export class ServerContext {
  readonly documents = new TextDocuments(TextDocument);
  readonly projectConfigs = new ProjectConfigs();
  /** Folders whose ESLint config failed to load: warned about once. */
  readonly configWarnings = new Set<string>();
  /**
   * The cost measured by `loopguard trace`, added to diagnostics (the arrows read `connection` only when called).
   * A trace that appears or changes makes every result stale: the messages carry its figures.
   */
  readonly measured = new MeasuredDiagnostics(
    (message) => this.connection.console.warn(message),
    () => {
      this.epoch += 1;
      this.refreshOrPush(() => this.pushAll());
    },
  );
  private readonly states = new Map<string, DocumentState>();
  profile!: ClientProfile;
  settings!: SettingsStore;
  engine!: LintEngine;
  folders: string[] = [];
  trusted = false;
  /** Bumped whenever any file's content changes: results across files may depend on it. */
  epoch = 0;
  private dependentsTimer: NodeJS.Timeout | undefined;
  /**
   * Open documents edited since the project last got their text. The project learns a document's text when that
   * document is linted; a document that calls into an edited one must not be linted against the old text.
   */
  readonly unsynced = new Set<string>();
  dependentsPending = false;

  constructor(readonly connection: Connection) {}

  /** Called from `initialize`, once the client's capabilities and folders are known. */
  initialize(profile: ClientProfile, folders: string[], trusted: boolean): void {
    this.profile = profile;
    this.folders = folders;
    this.trusted = trusted;
    this.engine = new LintEngine(folders[0] ?? process.cwd(), folders.length > 0 ? folders : [process.cwd()]);
    this.settings = new SettingsStore(this.connection, profile.configuration);
  }

  stateOf(uri: string): DocumentState {
    let state = this.states.get(uri);
    if (!state) this.states.set(uri, (state = {}));
    return state;
  }

  forget(uri: string): void {
    this.unsynced.delete(uri);
    const state = this.states.get(uri);
    if (state?.timer) clearTimeout(state.timer);
    if (state?.fullTimer) clearTimeout(state.fullTimer);
    this.states.delete(uri);
    this.settings.forget(uri);
  }

  /** Work started from notifications has no one to report to: log its failure, never crash the server. */
  background(work: Promise<unknown>, what: string): void {
    work.catch((error: unknown) => {
      this.connection.console.error(`loopguard: ${what} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    });
  }

  trace(s: Settings, message: string): void {
    if (s.trace.server === 'verbose') this.connection.console.log(message);
  }

  sendStatus(state: ServerState, extra: Omit<StatusParams, 'state' | 'workspaceTrusted'> = {}): void {
    void this.connection.sendNotification(StatusNotification, { state, workspaceTrusted: this.trusted, ...extra });
  }

  /** Whether a result still describes the document as it is, under the current project and settings. */
  isFresh(result: LintResult, document: TextDocument): boolean {
    return result.version === document.version && result.epoch === this.epoch && result.generation === this.settings.generation;
  }

  /**
   * Lints a document unless a fresh result exists; at most one lint per document is in flight. `full`: only the
   * full pass's result will do (a request for findings, the full pass itself); `any`: a quick result too, with
   * the full pass scheduled after it.
   */
  async ensureLinted(uri: string, token?: CancellationToken, want: Want = 'any'): Promise<LintResult | undefined> {
    for (;;) {
      const document = this.documents.get(uri);
      if (!document) return undefined;
      const state = this.stateOf(uri);
      if (state.result && this.isFresh(state.result, document) && (want === 'any' || state.result.phase === 'full')) return state.result;
      if (token?.isCancellationRequested) return undefined;
      if (state.inFlight) {
        await state.inFlight;
        continue;
      }
      const run = this.runLint(document, token, want);
      state.inFlight = run;
      let result: LintResult | undefined;
      try {
        result = await run;
      } finally {
        state.inFlight = undefined;
      }
      if (result) return result;
      // Stale (the document changed meanwhile) or cancelled: go round, or give up when cancelled.
    }
  }

  async ruleOptionsFor(filePath: string, onDisk: boolean, s: Settings): Promise<{ enabled: boolean; options: RuleOptions }> {
    const fromSettings: RuleOptions = s.contexts ? { contexts: [...s.contexts] } : {};
    const folder = onDisk ? folderOf(filePath, this.folders) : undefined;
    if (!this.trusted || !folder) return { enabled: true, options: fromSettings };
    try {
      const project = await this.projectConfigs.ruleOptions(folder, filePath);
      if (!project) return { enabled: true, options: fromSettings };
      return { enabled: !project.off, options: project.options };
    } catch (error) {
      if (!this.configWarnings.has(folder)) {
        this.configWarnings.add(folder);
        const message = `loopguard: could not load the ESLint config in ${folder} (${error instanceof Error ? error.message : String(error)}). Using the loopguard.* settings instead; fix the config and save it to use its options.`;
        this.connection.console.warn(message);
        void this.connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Warning, message });
      }
      return { enabled: true, options: fromSettings };
    }
  }

  private async runLint(document: TextDocument, token: CancellationToken | undefined, want: Want): Promise<LintResult | undefined> {
    const { uri, version } = document;
    const startEpoch = this.epoch;
    const generation = this.settings.generation;
    const s = await this.settings.get(uri);
    const location = locate(document);
    // .rs files are analysed by @loopguard/rust, which has no ESLint config to read.
    const rust = location !== undefined && isRustFile(location.filePath);
    const rule = location && !rust ? await this.ruleOptionsFor(location.filePath, location.onDisk, s) : { enabled: rust, options: {} };
    // Let queued notifications (a newer edit, a cancellation) arrive before the synchronous lint.
    await new Promise((resolve) => setImmediate(resolve));
    if (token?.isCancellationRequested) return undefined;
    const current = this.documents.get(uri);
    if (!current || current.version !== version || this.epoch !== startEpoch || this.settings.generation !== generation) return undefined;
    let findings: Finding[] = [];
    let phase: LintResult['phase'] = 'full';
    const state = this.stateOf(uri);
    if (s.enable && rust && location) {
      findings = await rustLspFindings(document.getText(), location.filePath);
    } else if (s.enable && rule.enabled && location) {
      this.sendStatus('linting');
      try {
        const lint =
          (want === 'any' && s.quickPass ? this.quickPass(document, location.filePath, rule.options, generation) : undefined) ??
          this.fullPass(document, location, rule.options, generation);
        ({ findings, phase } = lint);
        const { output } = lint;
        const fatal = output.messages.find((m) => m.fatal);
        this.trace(s, `linted ${uri} v${version} (${phase} pass) in ${output.durationMs.toFixed(1)} ms (${output.typed ? 'with' : 'without'} types): ${findings.length} finding(s)${fatal ? `; ${fatal.message}` : ''}`);
        this.sendStatus('ready', {
          lastLint: { uri, time: new Date().toISOString(), durationMs: Math.round(output.durationMs), findings: findings.length, version, phase },
        });
      } catch (error) {
        const message = `loopguard could not lint ${location.filePath}: ${error instanceof Error ? error.message : String(error)}. Check the loopguard options in your ESLint config.`;
        this.connection.console.error(message);
        this.sendStatus('error', { message });
      }
    }
    const result: LintResult = {
      uri,
      version,
      epoch: startEpoch,
      generation,
      resultId: `${phase}:${version}:${startEpoch}:${generation}`,
      phase,
      text: document.getText(),
      findings,
      diagnostics: location
        ? this.measured.decorate(findings.map((f) => toDiagnostic(f, document, s.severity)), findings, location.filePath, s)
        : findings.map((f) => toDiagnostic(f, document, s.severity)),
    };
    state.result = result;
    // A document seen for the first time gets its full pass at once; after an edit, once typing pauses.
    if (phase === 'quick') this.scheduleFull(uri, state.lastFull ? FULL_PASS_IDLE_MS : 0);
    return result;
  }

  /** The quick pass merged with the last full pass (quick-pass.ts); undefined on a host without the quick parser. */
  private quickPass(document: TextDocument, filePath: string, options: RuleOptions, generation: number): Pass | undefined {
    let output: LintOutput | undefined;
    try {
      output = this.engine.lintQuick({ text: document.getText(), filePath, options });
    } catch (error) {
      // Never worse than without it: the full pass lints this version (invalid options fail there, with the message).
      this.connection.console.warn(`loopguard: the quick pass failed on ${filePath}, linting with the full pass: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    }
    if (!output) return undefined;
    // The last full pass holds what the quick pass cannot know (other files): only under the same settings.
    const last = this.stateOf(document.uri).lastFull;
    const lastFull = last?.generation === generation ? last : undefined;
    return { output, phase: 'quick', findings: mergeQuick(document, toFindings(output.messages, document), output.topLevel, lastFull, filePath) };
  }

  /** The CLI's lint (type information, whole-program analysis), kept for the quick passes that follow. */
  private fullPass(document: TextDocument, location: { filePath: string; onDisk: boolean }, options: RuleOptions, generation: number): Pass {
    const text = document.getText();
    if (location.onDisk) this.syncEditedDocuments(document.uri);
    const output = this.engine.lint({ text, filePath: location.filePath, options, allowTypes: location.onDisk });
    const findings = toFindings(output.messages, document);
    this.stateOf(document.uri).lastFull = { text, findings, generation };
    return { output, phase: 'full', findings };
  }

  /** The full pass after a quick result: it replaces the quick diagnostics where it differs. */
  private scheduleFull(uri: string, delay: number): void {
    const state = this.stateOf(uri);
    if (state.fullTimer) clearTimeout(state.fullTimer);
    state.fullTimer = setTimeout(() => {
      state.fullTimer = undefined;
      this.background(this.completeFull(uri), `diagnosing ${uri}`);
    }, delay);
  }

  private async completeFull(uri: string): Promise<void> {
    const before = this.stateOf(uri).result;
    const version = this.documents.get(uri)?.version;
    const epoch = this.epoch;
    // Given up when anything changes before it starts: the edit's quick pass schedules the next one, so that a
    // keystroke never waits behind a full pass of a version that is already gone.
    const changed = new StaleToken(() => this.documents.get(uri)?.version !== version || this.epoch !== epoch);
    const result = await this.ensureLinted(uri, changed, 'full');
    if (!result || result === before) return;
    // The quick result said it all already (the usual case while editing inside a function).
    if (before !== undefined && before.version === result.version && JSON.stringify(before.diagnostics) === JSON.stringify(result.diagnostics)) return;
    this.refreshOrPush(() => this.background(this.pushIfEnabled(uri), `diagnosing ${uri}`));
  }

  /** Gives the project the text of every edited open document (but `linting`'s, which the lint gives it). */
  syncEditedDocuments(linting: string | undefined): void {
    for (const uri of [...this.unsynced]) {
      this.unsynced.delete(uri);
      if (uri === linting) continue;
      const document = this.documents.get(uri);
      const location = document ? locate(document) : undefined;
      if (document && location?.onDisk && !isRustFile(location.filePath)) this.engine.syncText(location.filePath, document.getText());
    }
  }

  /** Lints a text that is not the document's (the "convert all" passes), without touching its state. */
  async lintTextOnce(document: TextDocument, text: string): Promise<Finding[]> {
    const location = locate(document);
    if (!location) return [];
    if (isRustFile(location.filePath)) return rustLspFindings(text, location.filePath);
    const s = await this.settings.get(document.uri);
    const rule = await this.ruleOptionsFor(location.filePath, location.onDisk, s);
    const scratch = TextDocument.create(document.uri, document.languageId, document.version, text);
    // Without types: the project service must keep the document's real text.
    const output = this.engine.lint({ text, filePath: location.filePath, options: rule.options, allowTypes: false });
    return toFindings(output.messages, scratch);
  }

  /** Pushes a document's diagnostics unless the same ones were pushed for this version already. */
  async publish(uri: string): Promise<void> {
    const result = await this.ensureLinted(uri);
    const document = this.documents.get(uri);
    if (!result || !document || result.version !== document.version) return; // stale: a newer lint will publish
    const state = this.stateOf(uri);
    const key = `${result.version}\0${JSON.stringify(result.diagnostics)}`;
    if (state.published === key) return;
    state.published = key;
    await this.connection.sendDiagnostics({ uri, version: result.version, diagnostics: [...result.diagnostics] });
  }

  schedulePublish(uri: string, delay: number): void {
    const state = this.stateOf(uri);
    if (state.timer) clearTimeout(state.timer);
    state.timer = setTimeout(() => {
      state.timer = undefined;
      this.background(this.publish(uri).then(() => this.scheduleDependents(uri)), `diagnosing ${uri}`);
    }, delay);
  }

  /**
   * The one way diagnostics are renewed after something changed: a pull client is asked to refresh (it pulls
   * what it shows); a push client gets `push()`.
   */
  refreshOrPush(push: () => void): void {
    if (this.profile.pullDiagnostics) {
      if (this.profile.refreshSupport) this.background(this.connection.languages.diagnostics.refresh(), 'a diagnostic refresh');
    } else {
      push();
    }
  }

  /** Pushes every open document's diagnostics (but `except`'s), each under its own run mode. */
  pushAll(except?: string): void {
    for (const uri of this.documents.keys()) if (uri !== except) this.background(this.pushIfEnabled(uri), `diagnosing ${uri}`);
  }

  /**
   * Results cross files: a helper that starts or stops blocking changes the diagnostics of its callers.
   * Other open documents are diagnosed again once the edits settle.
   */
  scheduleDependents(changedUri: string | undefined): void {
    const others = this.documents.keys().filter((u) => u !== changedUri);
    if (others.length === 0 && changedUri !== undefined) return;
    this.dependentsPending = true;
    if (this.dependentsTimer) clearTimeout(this.dependentsTimer);
    this.dependentsTimer = setTimeout(() => {
      this.dependentsTimer = undefined;
      if (!this.dependentsPending) return;
      this.dependentsPending = false;
      this.refreshOrPush(() => this.pushAll(changedUri));
    }, DEPENDENTS_DEBOUNCE_MS);
  }

  private async pushIfEnabled(uri: string): Promise<void> {
    const s = await this.settings.get(uri);
    const state = this.stateOf(uri);
    const document = this.documents.get(uri);
    if (!document) return;
    if (s.run === 'onSave' && state.savedVersion !== document.version) return;
    await this.publish(uri);
  }
}
