import assert from 'node:assert/strict';
import { analyzeRust, applyEdits, initRustParser, rustParsesCleanly, type RustFinding } from '../src';

/** The text after applying the fix titled `title` of the finding with id `id`. */
async function fixed(code: string, id: string, title: string): Promise<string> {
  const findings = await analyzeRust(code);
  const finding = findings.find((f) => f.id === id);
  assert.ok(finding, `no ${id} finding in: ${findings.map((f) => f.id).join(', ')}`);
  const fix = finding.fixes.find((x) => x.title === title);
  assert.ok(fix, `no fix "${title}"; offered: ${finding.fixes.map((x) => x.title).join(', ')}`);
  const out = applyEdits(code, fix.edits);
  assert.ok(rustParsesCleanly(out), `the fix must parse:\n${out}`);
  return out;
}

const titles = (f: RustFinding | undefined): string[] => (f?.fixes ?? []).map((x) => `${x.title}${x.preferred ? ' (preferred)' : ''}`);

describe('Rust quick fixes', () => {
  before(async () => {
    await initRustParser();
  });

  it('std::net::TcpListener to tokio: the import, `.await` before `?` on bind and accept', async () => {
    const code = `use std::net::TcpListener;
async fn serve() -> std::io::Result<()> {
    let listener = TcpListener::bind("127.0.0.1:0")?;
    loop {
        let (_stream, _addr) = listener.accept()?;
    }
}
`;
    assert.equal(
      await fixed(code, 'rust/std-net-tcplistener-accept', 'Use tokio::net::TcpListener (with .await)'),
      `use tokio::net::TcpListener;
async fn serve() -> std::io::Result<()> {
    let listener = TcpListener::bind("127.0.0.1:0").await?;
    loop {
        let (_stream, _addr) = listener.accept().await?;
    }
}
`,
    );
  });

  it('keeps the std import when a sync fn still uses it, and writes the tokio path at the call', async () => {
    const code = `use std::net::TcpListener;
fn sync_one() -> TcpListener { TcpListener::bind("127.0.0.1:0").unwrap() }
async fn serve() {
    let l = TcpListener::bind("127.0.0.1:0").unwrap();
    l.accept().unwrap();
}
`;
    assert.equal(
      await fixed(code, 'rust/std-net-tcplistener-bind', 'Use tokio::net::TcpListener (with .await)'),
      `use std::net::TcpListener;
fn sync_one() -> TcpListener { TcpListener::bind("127.0.0.1:0").unwrap() }
async fn serve() {
    let l = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    l.accept().await.unwrap();
}
`,
    );
  });

  it('std::net::TcpStream to tokio: `.await` on connect, read and write, and the io traits imported', async () => {
    const code = `use std::io::{Read, Write};
use std::net::TcpStream;
async fn ping(addr: String) -> std::io::Result<usize> {
    let mut s = TcpStream::connect(addr)?;
    s.write_all(b"ping")?;
    let mut buf = [0u8; 4];
    s.read(&mut buf)
}
`;
    assert.equal(
      await fixed(code, 'rust/std-net-tcpstream-read', 'Use tokio::net::TcpStream (with .await)'),
      `use std::io::{Read, Write};
use tokio::net::TcpStream;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
async fn ping(addr: String) -> std::io::Result<usize> {
    let mut s = TcpStream::connect(addr).await?;
    s.write_all(b"ping").await?;
    let mut buf = [0u8; 4];
    s.read(&mut buf).await
}
`,
    );
  });

  it('std::thread::sleep(d) to tokio::time::sleep(d).await, dropping the import it no longer needs', async () => {
    const code = `use std::thread::sleep;
use std::time::Duration;
async fn tick() {
    sleep(Duration::from_millis(10));
}
`;
    assert.equal(
      await fixed(code, 'rust/std-thread-sleep', 'Use tokio::time::sleep(..).await'),
      `use std::time::Duration;
async fn tick() {
    tokio::time::sleep(Duration::from_millis(10)).await;
}
`,
    );
  });

  it('std::fs::x(..) to tokio::fs::x(..).await', async () => {
    const code = `async fn load() -> std::io::Result<Vec<u8>> {
    let bytes = std::fs::read("data.bin")?;
    Ok(bytes)
}
`;
    assert.equal(
      await fixed(code, 'rust/std-fs-read', 'Use tokio::fs::read(..).await'),
      `async fn load() -> std::io::Result<Vec<u8>> {
    let bytes = tokio::fs::read("data.bin").await?;
    Ok(bytes)
}
`,
    );
  });

  it('rewrites a call inside a macro\'s arguments in place', async () => {
    const code = `async fn show() {
    println!("{} bytes", std::fs::read("a.bin").unwrap().len());
}
`;
    assert.equal(
      await fixed(code, 'rust/std-fs-read', 'Use tokio::fs::read(..).await'),
      `async fn show() {
    println!("{} bytes", tokio::fs::read("a.bin").await.unwrap().len());
}
`,
    );
  });

  it('no tokio rewrite for a stream written with write! (tokio has no write_fmt)', async () => {
    const code = `use std::io::Write;
async fn f() { let mut t = std::net::TcpStream::connect("a").unwrap(); write!(t, "x").unwrap(); }
`;
    const findings = await analyzeRust(code);
    assert.deepEqual(
      findings.map((f) => `${f.id}: ${titles(f).join(', ')}`),
      ['rust/std-net-tcpstream-connect: Run it in tokio::task::spawn_blocking (preferred)', 'rust/std-net-tcpstream-write-fmt: '],
    );
  });

  it('wraps a call in spawn_blocking, keeping `?` on the result', async () => {
    const code = `async fn run() -> std::io::Result<()> {
    let _out = std::process::Command::new("ls").output()?;
    Ok(())
}
`;
    assert.equal(
      await fixed(code, 'rust/std-process-command-output', 'Run it in tokio::task::spawn_blocking'),
      `async fn run() -> std::io::Result<()> {
    let _out = tokio::task::spawn_blocking(move || std::process::Command::new("ls").output()).await.unwrap()?;
    Ok(())
}
`,
    );
  });

  it('offers the tokio rewrite first and spawn_blocking as the alternative', async () => {
    const [f] = await analyzeRust('async fn f() { std::thread::sleep(std::time::Duration::from_millis(1)); }');
    assert.deepEqual(titles(f), ['Use tokio::time::sleep(..).await (preferred)', 'Run it in tokio::task::spawn_blocking']);
  });

  it('no tokio rewrite for a listener iterated with incoming() (tokio has none) nor for one passed to another fn', async () => {
    const code = `use std::net::TcpListener;
fn keep(_l: &TcpListener) {}
async fn a() { let l = TcpListener::bind("x").unwrap(); for _s in l.incoming() {} }
async fn b() { let l = TcpListener::bind("x").unwrap(); keep(&l); l.accept().unwrap(); }
`;
    const findings = await analyzeRust(code);
    assert.deepEqual(
      findings.map((f) => `${f.line} ${f.id}: ${titles(f).join(', ')}`),
      [
        '3 rust/std-net-tcplistener-bind: Run it in tokio::task::spawn_blocking (preferred)',
        '3 rust/std-net-tcplistener-incoming: ',
        '4 rust/std-net-tcplistener-bind: Run it in tokio::task::spawn_blocking (preferred)',
        '4 rust/std-net-tcplistener-accept: ',
      ],
    );
  });

  it('no spawn_blocking wrap that would move a borrowed parameter or a local receiver into the closure', async () => {
    const code = `async fn f(path: &str, mut line: String) {
    std::fs::read_dir(path).unwrap();
    std::io::stdin().read_line(&mut line).unwrap();
}
`;
    const findings = await analyzeRust(code);
    assert.deepEqual(findings.map((f) => `${f.id}: ${titles(f).join(', ')}`), ['rust/std-fs-read-dir: ', 'rust/std-io-stdin-read-line: ']);
  });
});
