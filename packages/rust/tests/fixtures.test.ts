import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeRust, applyPreferredFixes, initRustParser, rustParsesCleanly } from '../src';
import { FIXTURES, fixtureBinaries } from './helpers/fixtures';

interface Fixture {
  /** `<crate>/src/bin/<name>.rs` under fixtures/rust. */
  file: string;
  /** `line id` of every finding, in order. */
  findings: string[];
  /** The async twin that accepting every preferred quick fix must produce, byte for byte. */
  fixed?: string;
}

// Every Rust example of the article (tokio-vs-std-tcplistener), then the cases beyond it and the ticker demo.
const fixtures: Fixture[] = [
  { file: 'article/src/bin/a01_std_accept_loop.rs', findings: [] },
  { file: 'article/src/bin/a02_tokio_accept_loop.rs', findings: [] },
  {
    file: 'article/src/bin/a03_blocking_problem.rs',
    findings: ['6 rust/std-net-tcplistener-bind', '18 rust/std-net-tcplistener-accept'],
    fixed: 'article/src/bin/a03_blocking_problem_fixed.rs',
  },
  { file: 'article/src/bin/a03_blocking_problem_fixed.rs', findings: [] },
  {
    file: 'article/src/bin/a04_why_blocking.rs',
    findings: ['14 rust/std-net-tcplistener-bind', '20 rust/std-net-tcplistener-accept'],
    fixed: 'article/src/bin/a04_why_blocking_fixed.rs',
  },
  { file: 'article/src/bin/a04_why_blocking_fixed.rs', findings: [] },
  { file: 'article/src/bin/a05_async_accept.rs', findings: [] },
  { file: 'article/src/bin/a06_accept_types.rs', findings: [] },
  { file: 'article/src/bin/a07_spawn_blocking.rs', findings: [] },
  { file: 'article/src/bin/a08_from_std.rs', findings: [] },
  { file: 'article/src/bin/a09_thread_per_connection.rs', findings: [] },
  { file: 'article/src/bin/a10_task_per_connection.rs', findings: [] },
  { file: 'article/src/bin/a11_non_blocking_mode.rs', findings: [] },
  { file: 'article/src/bin/a12_event_loop.rs', findings: [] },
  { file: 'article/src/bin/a13_concurrent_accept.rs', findings: [] },
  { file: 'article/src/bin/a14_accept_timeout.rs', findings: [] },
  { file: 'article/src/bin/a15_graceful_shutdown.rs', findings: [] },
  { file: 'article/src/bin/a16_socket_options.rs', findings: [] },
  { file: 'article/src/bin/a17_incoming_sync.rs', findings: [] },
  { file: 'article/src/bin/a18_incoming_async.rs', findings: [] },
  { file: 'article/src/bin/a19_platforms.rs', findings: [] },
  { file: 'cases/src/bin/c01_thread_sleep.rs', findings: ['8 rust/std-thread-sleep'], fixed: 'cases/src/bin/c01_thread_sleep_fixed.rs' },
  { file: 'cases/src/bin/c01_thread_sleep_fixed.rs', findings: [] },
  {
    file: 'cases/src/bin/c02_fs_read.rs',
    findings: ['6 rust/std-fs-read-to-string', '10 rust/std-fs-write'],
    fixed: 'cases/src/bin/c02_fs_read_fixed.rs',
  },
  { file: 'cases/src/bin/c02_fs_read_fixed.rs', findings: [] },
  {
    file: 'cases/src/bin/c03_tcp_stream.rs',
    findings: ['6 rust/std-net-tcpstream-connect', '7 rust/std-net-tcpstream-write-all', '9 rust/std-net-tcpstream-read-to-end'],
    fixed: 'cases/src/bin/c03_tcp_stream_fixed.rs',
  },
  { file: 'cases/src/bin/c03_tcp_stream_fixed.rs', findings: [] },
  { file: 'cases/src/bin/c04_command_status.rs', findings: ['6 rust/std-process-command-status'], fixed: 'cases/src/bin/c04_command_status_fixed.rs' },
  { file: 'cases/src/bin/c04_command_status_fixed.rs', findings: [] },
  { file: 'cases/src/bin/c05_blocking_helper.rs', findings: ['11 rust/blocking-helper'], fixed: 'cases/src/bin/c05_blocking_helper_fixed.rs' },
  { file: 'cases/src/bin/c05_blocking_helper_fixed.rs', findings: [] },
  {
    file: 'ticker/src/bin/ticker_blocking.rs',
    findings: ['19 rust/std-net-tcplistener-bind', '49 rust/std-net-tcplistener-accept'],
    fixed: 'ticker/src/bin/ticker_fixed.rs',
  },
  { file: 'ticker/src/bin/ticker_fixed.rs', findings: [] },
  {
    file: 'ticker/src/bin/ticker_mt_blocking.rs',
    findings: ['20 rust/std-net-tcplistener-bind', '50 rust/std-net-tcplistener-accept'],
    fixed: 'ticker/src/bin/ticker_mt_fixed.rs',
  },
  { file: 'ticker/src/bin/ticker_mt_fixed.rs', findings: [] },
  {
    file: 'ticker/src/bin/ticker_worker_blocking.rs',
    findings: ['20 rust/std-net-tcplistener-bind', '51 rust/std-net-tcplistener-accept'],
    fixed: 'ticker/src/bin/ticker_worker_fixed.rs',
  },
  { file: 'ticker/src/bin/ticker_worker_fixed.rs', findings: [] },
];

const read = (file: string): string => readFileSync(join(FIXTURES, file), 'utf8');

describe('Rust fixtures (fixtures/rust)', () => {
  before(async () => {
    await initRustParser();
  });

  it('every .rs file under fixtures/rust is in this table', () => {
    const onDisk = ['article', 'cases', 'ticker'].flatMap((crate) =>
      readdirSync(join(FIXTURES, crate, 'src', 'bin')).filter((f) => f.endsWith('.rs')).map((f) => `${crate}/src/bin/${f}`),
    );
    assert.deepEqual(onDisk.sort(), fixtures.map((f) => f.file).sort());
  });

  for (const fixture of fixtures) {
    it(`${fixture.file}: ${fixture.findings.length ? fixture.findings.join(', ') : 'nothing reported'}`, async () => {
      const text = read(fixture.file);
      assert.ok(rustParsesCleanly(text));
      assert.deepEqual((await analyzeRust(text)).map((f) => `${f.line} ${f.id}`), fixture.findings);
    });
    if (fixture.fixed) {
      const fixedFile = fixture.fixed;
      it(`${fixture.file}: the preferred quick fixes turn it into ${fixedFile.split('/').pop()}`, () => {
        const result = applyPreferredFixes(read(fixture.file));
        assert.ok(result.applied.length > 0);
        assert.equal(result.text, read(fixedFile));
      });
    }
  }

  it('every fixture, blocking and fixed, compiles offline against Debian\'s tokio (cargo build)', async function () {
    // A first build compiles tokio: about a minute alone, several on a loaded machine.
    this.timeout(20 * 60_000);
    const bin = await fixtureBinaries();
    const missing = fixtures.map((f) => f.file.split('/').pop()!.replace(/\.rs$/, '')).filter((name) => !existsSync(join(bin, name)));
    assert.deepEqual(missing, []);
  });
});
