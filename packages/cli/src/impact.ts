/**
 * The bridge to `@loopguard/fixture-server`, which measures what each blocking pattern costs at run time.
 * It is loaded lazily and is an optional peer: linting, `--explain` and the formats work without it; only
 * `loopguard impact` needs it, and the measured figures of `--explain` and `demo` appear when it is there.
 */
import { UsageError } from './errors';

/** One catalog kind's (or one API's) measured stall, as the fixture server's `measuredStall*` return it. */
export interface MeasuredStall {
  readonly kind: string;
  readonly pattern: string;
  readonly catalogIds: readonly string[];
  readonly heartbeatMaxMs: number;
  readonly fixedHeartbeatMaxMs: number;
  readonly pingP99Ms: number;
  readonly fixedPingP99Ms: number;
  readonly connections: number;
  /** The load client's ping timeout: a p99 at this figure means the pings timed out. */
  readonly pingTimeoutMs?: number;
  readonly verified: boolean;
  /** The fixture server's verdict on the pattern; reports older than the verdicts have only `verified`. */
  readonly verdict?: 'verified' | 'refuted' | 'inconclusive' | 'not run';
  readonly reason?: string;
  /** Date of the report the figures come from. */
  readonly date: string;
}

/** An impact report, opaque to the CLI apart from its date: the fixture server reads it. */
export interface ImpactReportLike {
  readonly date: string;
}

/** What the CLI uses of the fixture server; checked when it is loaded, since it is a separate package. */
export interface FixtureServerApi {
  runImpact(options: { patterns?: readonly string[]; outDir?: string; reporter?: unknown }): Promise<ImpactReportLike>;
  readReport(file?: string): ImpactReportLike;
  measuredStallFor(catalogId: string, report: ImpactReportLike): MeasuredStall | undefined;
  measuredStalls(report: ImpactReportLike): Partial<Record<string, MeasuredStall>>;
  terminalReporter(stream?: NodeJS.WriteStream): unknown;
  renderTable(report: ImpactReportLike): string;
  listPatterns(dir?: string): string[];
  readonly LATEST_REPORT: string;
}

const REQUIRED = ['runImpact', 'readReport', 'measuredStallFor', 'measuredStalls', 'terminalReporter', 'renderTable', 'listPatterns'] as const;

let loaded: FixtureServerApi | null | undefined;

/** The fixture server's API, or undefined when it is not installed (or not built, or too old). */
export function loadFixtureServer(): FixtureServerApi | undefined {
  if (loaded !== undefined) return loaded ?? undefined;
  loaded = null;
  try {
    const api = require('@loopguard/fixture-server') as Record<string, unknown>;
    if (REQUIRED.every((name) => typeof api[name] === 'function')) loaded = api as unknown as FixtureServerApi;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'MODULE_NOT_FOUND') throw error;
  }
  return loaded ?? undefined;
}

export function requireFixtureServer(command: string): FixtureServerApi {
  const api = loadFixtureServer();
  if (!api) {
    throw new UsageError(
      `\`loopguard ${command}\` needs @loopguard/fixture-server, which is not installed next to the CLI. ` +
        'Install it (`npm install --save-dev @loopguard/fixture-server`), or in the loopguard repository run `pnpm build`.',
    );
  }
  return api;
}

/** Measured figures for the CLI: the latest committed impact report read through the fixture server. */
export interface Impact {
  readonly date: string;
  /** The pattern that measures `catalogId` itself, else the worst measured pattern of its kind. */
  stallFor(catalogId: string, kind: string): { stall: MeasuredStall; exact: boolean } | undefined;
}

/** The latest impact report, or undefined when there is none (or no fixture server). */
export function latestImpact(file?: string): Impact | undefined {
  const api = loadFixtureServer();
  if (!api) return undefined;
  let report: ImpactReportLike;
  try {
    report = api.readReport(file);
  } catch {
    return undefined;
  }
  let byKind: Partial<Record<string, MeasuredStall>> | undefined;
  return {
    date: report.date,
    stallFor(catalogId, kind) {
      const exact = api.measuredStallFor(catalogId, report);
      if (exact) return { stall: exact, exact: true };
      byKind ??= api.measuredStalls(report);
      const ofKind = byKind[kind];
      return ofKind ? { stall: ofKind, exact: false } : undefined;
    },
  };
}

/** An impact report the user named (`--impact-report`): unlike the default one, it must exist. */
export function readImpactReport(file: string): Impact {
  const api = requireFixtureServer('--impact-report');
  try {
    api.readReport(file);
  } catch (error) {
    throw new UsageError(`--impact-report: cannot read ${file} (${(error as Error).message}).`);
  }
  return latestImpact(file) as Impact;
}

/** "crypto-pbkdf2: the event loop stalled up to 482 ms (fixed: 9 ms); /ping p99 5.25 s (fixed: 10 ms), 10 connections". */
export function describeStall(s: MeasuredStall): string {
  return (
    `${s.pattern}: the event loop stalled up to ${ms(s.heartbeatMaxMs)} (fixed: ${ms(s.fixedHeartbeatMaxMs)}); ` +
    `p99 of a cheap request served alongside ${pingMs(s.pingP99Ms, s)} (fixed: ${pingMs(s.fixedPingP99Ms, s)}), at ${s.connections} concurrent connections` +
    verdictNote(s)
  );
}

/** Says which verdict the figures carry: a refuted or inconclusive pattern is not "within the noise" alike. */
function verdictNote(s: MeasuredStall): string {
  const verdict = s.verdict ?? (s.verified ? 'verified' : undefined);
  switch (verdict) {
    case 'verified':
      return '';
    case 'refuted':
      return ' (refuted on that run: the fixed variant did not stall less)';
    case 'inconclusive':
      return ' (inconclusive: the machine was too noisy to tell the variants apart)';
    case 'not run':
      return ' (not measured on that run)';
    default:
      return ' (not verified)';
  }
}

function pingMs(value: number, s: MeasuredStall): string {
  return s.pingTimeoutMs !== undefined && value >= s.pingTimeoutMs ? `over ${ms(s.pingTimeoutMs)} (timed out)` : ms(value);
}

function ms(value: number): string {
  return value >= 1000 ? `${(value / 1000).toFixed(2)} s` : `${Math.round(value)} ms`;
}
