import * as fs from 'node:fs';
import * as path from 'node:path';
import { BLOCKING_KINDS, type BlockingKind } from '@loopguard/catalog';
import { DEFAULT_PATTERNS_DIR } from './patterns';
import type { ImpactReport, Verdict } from './types';

/** The measured stall of one catalog kind, from the pattern of that kind with the largest blocking stall. */
export interface KindStall {
  readonly kind: BlockingKind;
  readonly pattern: string;
  readonly catalogIds: readonly string[];
  readonly heartbeatMaxMs: number;
  readonly fixedHeartbeatMaxMs: number;
  readonly pingP99Ms: number;
  readonly fixedPingP99Ms: number;
  readonly connections: number;
  /** The load client's ping timeout: a p99 at this figure means the pings timed out (at least this long). */
  readonly pingTimeoutMs?: number;
  readonly verified: boolean;
  /** The pattern's verdict, and why, in words with the figures (what a front end shows beside the numbers). */
  readonly verdict: Verdict;
  readonly reason: string;
  /** Date of the report the figures come from. */
  readonly date: string;
}

/** `fixtures/patterns/impact.json`: the latest committed full run. */
export const LATEST_REPORT = path.join(DEFAULT_PATTERNS_DIR, 'impact.json');

export function readReport(file = LATEST_REPORT): ImpactReport {
  if (!fs.existsSync(file)) {
    throw new Error(`loopguard-impact: no report at ${file}; run \`loopguard-impact --out ${path.dirname(file)}\` to measure`);
  }
  return JSON.parse(fs.readFileSync(file, 'utf8')) as ImpactReport;
}

/**
 * Per catalog kind, the measured stall from the latest report (for the rule's docs and the CLI demo).
 * Verified patterns win over unverified ones; among them the largest blocking heartbeat max. Kinds with no
 * measured pattern are absent.
 */
export function measuredStalls(report: ImpactReport | string = LATEST_REPORT): Partial<Record<BlockingKind, KindStall>> {
  const data = typeof report === 'string' ? readReport(report) : report;
  const out: Partial<Record<BlockingKind, KindStall>> = {};
  for (const kind of BLOCKING_KINDS) {
    const candidates = data.patterns
      .filter((p) => p.kind === kind && p.blocking && p.fixed)
      .sort((a, b) => Number(b.verdict === 'verified') - Number(a.verdict === 'verified') || (b.blocking?.heartbeatMaxMs ?? 0) - (a.blocking?.heartbeatMaxMs ?? 0));
    const best = candidates[0];
    if (!best?.blocking || !best.fixed) continue;
    out[kind] = {
      kind,
      pattern: best.id,
      catalogIds: best.catalogIds,
      heartbeatMaxMs: best.blocking.heartbeatMaxMs,
      fixedHeartbeatMaxMs: best.fixed.heartbeatMaxMs,
      pingP99Ms: best.blocking.pingP99Ms,
      fixedPingP99Ms: best.fixed.pingP99Ms,
      connections: best.connections,
      pingTimeoutMs: data.options?.pingTimeoutMs,
      verified: best.verdict === 'verified',
      verdict: best.verdict,
      reason: best.reason,
      date: data.date,
    };
  }
  return out;
}

/** The measured stall of the pattern that covers one catalog id, if a pattern does. */
export function measuredStallFor(catalogId: string, report: ImpactReport | string = LATEST_REPORT): KindStall | undefined {
  const data = typeof report === 'string' ? readReport(report) : report;
  const p = data.patterns.find((r) => r.catalogIds.includes(catalogId) && r.blocking && r.fixed);
  if (!p?.blocking || !p.fixed) return undefined;
  return {
    kind: p.kind,
    pattern: p.id,
    catalogIds: p.catalogIds,
    heartbeatMaxMs: p.blocking.heartbeatMaxMs,
    fixedHeartbeatMaxMs: p.fixed.heartbeatMaxMs,
    pingP99Ms: p.blocking.pingP99Ms,
    fixedPingP99Ms: p.fixed.pingP99Ms,
    connections: p.connections,
    pingTimeoutMs: data.options?.pingTimeoutMs,
    verified: p.verdict === 'verified',
    verdict: p.verdict,
    reason: p.reason,
    date: data.date,
  };
}
