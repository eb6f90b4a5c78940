import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { writeHtmlReport } from '../src/report/html';
import { judge } from '../src/run/impact';
import { loadPattern } from '../src/patterns';
import type { ImpactReport, RunResult } from '../src/types';

function chromiumPath(): string {
  try {
    return execFileSync('sh', ['-c', 'command -v chromium || command -v chromium-browser'], { encoding: 'utf8' }).trim().split('\n')[0] as string;
  } catch {
    throw new Error('Chromium is not installed: run scripts/ci/30-fixture-server.sh (apt package "chromium")');
  }
}

function run(variant: 'blocking' | 'fixed', connections: number, scale: number, rep = 1): RunResult {
  const lagTimeline = Array.from({ length: 50 }, (_, i) => [i * 100, (i % 7) * scale + 1] as [number, number]);
  return {
    variant,
    connections,
    rep,
    windowStart: 0,
    windowMs: 5000,
    heartbeat: { maxLagMs: 6 * scale + 1, fires: 300, expectedFires: 500, blockedMs: 75 * scale },
    noise: { runQueueMs: 50, share: 0.01 },
    lagTimeline,
    elu: 0.4,
    ping: { sent: 250, ok: 250, failed: 0, p50Ms: 3, p99Ms: connections * scale, maxMs: connections * scale },
    work: { requests: 100, errors: 0, non2xx: 0, timeouts: 0, rps: 20, p50Ms: 100, p99Ms: 300, callMs: 25 },
    shutdown: { handlerMs: scale, exitMs: 30 },
  };
}

/** A report with known figures: two patterns, one sweep of four concurrency levels. */
function sampleReport(): ImpactReport {
  const patterns = ['crypto-pbkdf2', 'fs-read-file'].map((id) =>
    judge(loadPattern(id), 10, [run('blocking', 10, 60, 1), run('fixed', 10, 1, 1), run('blocking', 10, 50, 2), run('fixed', 10, 2, 2)], 3),
  );
  return {
    tool: { name: '@loopguard/fixture-server', version: '0.1.0' },
    date: '2026-11-25T20:00:00.000Z',
    machine: { node: 'v20.20.2', platform: 'Linux', arch: 'x64', cpus: 2, cpuModel: 'test cpu', memoryGb: 24, loadAverage: [0.1, 0.2, 0.3] },
    options: { warmupMs: 2000, durationMs: 5000, reps: 2, connections: 10, heartbeatMs: 10, pingIntervalMs: 20, pingTimeoutMs: 5000, noiseThresholdMs: 20, runTimeoutMs: 60000, sweep: [1, 5, 10, 25] },
    baseline: { ...run('fixed', 10, 1), variant: 'baseline' },
    quiet: true,
    patterns,
    sweeps: [{ id: 'crypto-pbkdf2', points: [1, 5, 10, 25].map((c) => ({ connections: c, blocking: run('blocking', c, 40), fixed: run('fixed', c, 1) })) }],
    seconds: 100,
  };
}

describe('HTML report in headless Chromium', function () {
  this.timeout(60_000);
  let browser: Browser;
  let dir: string;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lg-html-'));
    browser = await chromium.launch({
      executablePath: chromiumPath(),
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  });

  after(async () => {
    await browser?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('renders the lag charts side by side, the sweep chart and the summary bars, with their data points', async () => {
    const file = path.join(dir, 'impact.html');
    writeHtmlReport(sampleReport(), file);
    const page = await browser.newPage();
    const requests: string[] = [];
    page.on('request', (r) => {
      if (!r.url().startsWith('file:')) requests.push(r.url());
    });
    await page.goto(`file://${file}`);
    const charts = await page.evaluate(() =>
      [...document.querySelectorAll('svg.chart')].map((svg) => {
        const box = (svg as SVGSVGElement).getBoundingClientRect();
        return {
          kind: [...svg.classList].filter((c) => c !== 'chart').join(' '),
          width: Math.round(box.width),
          series: [...svg.querySelectorAll('polyline.series')].map((p) => ({
            name: p.getAttribute('data-series'),
            points: (p as SVGPolylineElement).points.numberOfItems,
            drawnWidth: Math.round((p as SVGPolylineElement).getBBox().width),
          })),
          dots: svg.querySelectorAll('circle.point').length,
          bars: svg.querySelectorAll('rect.bar').length,
        };
      }),
    );
    assert.deepEqual(
      charts.map((c) => c.kind),
      ['summary-chart', 'sweep-chart', 'lag-chart lag-blocking', 'lag-chart lag-fixed', 'lag-chart lag-blocking', 'lag-chart lag-fixed'],
    );
    for (const c of charts) assert.ok(c.width > 300, `${c.kind} is ${c.width} px wide`);
    assert.equal(charts[0]?.bars, 4);
    assert.deepEqual(charts[1]?.series.map((s) => [s.name, s.points]), [['blocking', 4], ['fixed', 4]]);
    assert.equal(charts[1]?.dots, 8);
    for (const c of charts.slice(2)) {
      assert.equal(c.series[0]?.points, 50);
      assert.ok((c.series[0]?.drawnWidth ?? 0) > 200, `${c.kind} line is ${c.series[0]?.drawnWidth} px wide`);
    }
    assert.deepEqual(requests, [], 'the report must load nothing from the network');
    const verdicts = await page.$$eval('td.verdict', (cells) => cells.map((c) => c.textContent));
    assert.deepEqual(verdicts, ['verified', 'verified']);
    await page.close();
  });
});
