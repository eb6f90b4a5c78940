import type { Connection } from 'vscode-languageserver';

export type RunMode = 'onType' | 'onSave';
export type SeverityName = 'error' | 'warning' | 'information' | 'hint';
export type TraceLevel = 'off' | 'messages' | 'verbose';

/** The `loopguard.*` settings of one resource (document or folder), as the client resolves them. */
export interface Settings {
  readonly enable: boolean;
  readonly run: RunMode;
  /** The rule's `contexts` option; null = the rule's default (every kind). */
  readonly contexts: readonly string[] | null;
  readonly severity: SeverityName;
  readonly trace: { readonly server: TraceLevel };
  /** A finding whose p99 measured by `loopguard trace` is above this many ms is shown as an error; null = never. */
  readonly raiseSeverityAboveMs: number | null;
  /**
   * Diagnostics in two phases: a quick pass after each edit (no type information; chains into other files kept
   * from the last full pass), then the full pass once typing pauses. False: only the full pass.
   */
  readonly quickPass: boolean;
}

export const DEFAULT_SETTINGS: Settings = {
  enable: true,
  run: 'onType',
  contexts: null,
  severity: 'warning',
  trace: { server: 'off' },
  raiseSeverityAboveMs: null,
  quickPass: true,
};

const RUN_MODES: readonly RunMode[] = ['onType', 'onSave'];
const SEVERITIES: readonly SeverityName[] = ['error', 'warning', 'information', 'hint'];
const TRACE_LEVELS: readonly TraceLevel[] = ['off', 'messages', 'verbose'];

/**
 * Settings as a client sends them can be partial or hand-written (Neovim's `settings` table): keep what is
 * valid, fall back to the default for the rest and say which setting was ignored.
 */
export function normalizeSettings(raw: unknown, warn: (message: string) => void): Settings {
  if (raw === null || raw === undefined) return DEFAULT_SETTINGS;
  if (typeof raw !== 'object') {
    warn(`loopguard: the "loopguard" settings must be an object, got ${JSON.stringify(raw)}; using the defaults.`);
    return DEFAULT_SETTINGS;
  }
  const r = raw as Record<string, unknown>;
  const pick = <T>(name: string, value: unknown, valid: (v: unknown) => v is T, fallback: T): T => {
    if (value === undefined || value === null) return fallback;
    if (valid(value)) return value;
    warn(`loopguard: setting "loopguard.${name}" has the invalid value ${JSON.stringify(value)}; using ${JSON.stringify(fallback)}.`);
    return fallback;
  };
  const oneOf = <T extends string>(values: readonly T[]) => (v: unknown): v is T => typeof v === 'string' && (values as readonly string[]).includes(v);
  const trace = (r.trace ?? {}) as Record<string, unknown>;
  const contexts = pick<string[] | null>(
    'contexts',
    r.contexts,
    (v): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string'),
    null,
  );
  return {
    enable: pick('enable', r.enable, (v): v is boolean => typeof v === 'boolean', DEFAULT_SETTINGS.enable),
    run: pick('run', r.run, oneOf(RUN_MODES), DEFAULT_SETTINGS.run),
    contexts: contexts && contexts.length > 0 ? contexts : null,
    severity: pick('severity', r.severity, oneOf(SEVERITIES), DEFAULT_SETTINGS.severity),
    trace: { server: pick('trace.server', typeof trace === 'object' ? trace.server : undefined, oneOf(TRACE_LEVELS), DEFAULT_SETTINGS.trace.server) },
    raiseSeverityAboveMs: pick('raiseSeverityAboveMs', r.raiseSeverityAboveMs, (v): v is number => typeof v === 'number' && v >= 0, DEFAULT_SETTINGS.raiseSeverityAboveMs),
    quickPass: pick('quickPass', r.quickPass, (v): v is boolean => typeof v === 'boolean', DEFAULT_SETTINGS.quickPass),
  };
}

/**
 * Settings per resource, asked from the client with `workspace/configuration` and kept until the client says
 * they changed. Nothing here is global: each document gets the settings of its own scope.
 */
export class SettingsStore {
  private readonly cache = new Map<string, Promise<Settings>>();
  /** Settings pushed with `workspace/didChangeConfiguration`, for clients without `workspace/configuration`. */
  private pushed: Settings = DEFAULT_SETTINGS;
  /** Bumped on every change, so that results computed under older settings are recognised as stale. */
  generation = 0;

  constructor(
    private readonly connection: Connection,
    private readonly pull: boolean,
  ) {}

  get(uri: string): Promise<Settings> {
    if (!this.pull) return Promise.resolve(this.pushed);
    let settings = this.cache.get(uri);
    if (!settings) {
      settings = this.connection.workspace
        .getConfiguration({ scopeUri: uri, section: 'loopguard' })
        .then(
          (raw: unknown) => normalizeSettings(raw, (m) => this.connection.console.warn(m)),
          (error: unknown) => {
            this.connection.console.warn(`loopguard: could not read the settings for ${uri} (${String(error)}); using the defaults.`);
            return DEFAULT_SETTINGS;
          },
        );
      this.cache.set(uri, settings);
    }
    return settings;
  }

  /** `workspace/didChangeConfiguration`: forget what was asked, or take what was pushed. */
  changed(pushedSettings: unknown): void {
    this.generation += 1;
    this.cache.clear();
    if (!this.pull) {
      const section = pushedSettings && typeof pushedSettings === 'object' ? (pushedSettings as Record<string, unknown>).loopguard : undefined;
      this.pushed = normalizeSettings(section, (m) => this.connection.console.warn(m));
    }
  }

  forget(uri: string): void {
    this.cache.delete(uri);
  }
}
