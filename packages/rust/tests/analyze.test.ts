import assert from 'node:assert/strict';
import { analyzeRust, initRustParser, rustParsesCleanly } from '../src';

/** Findings as `line:column id`, the shape every case below asserts. */
async function found(code: string): Promise<string[]> {
  return (await analyzeRust(code)).map((f) => `${f.line}:${f.column} ${f.id}`);
}

interface Case {
  name: string;
  code: string;
  expected: string[];
}

// Reported: blocking std calls in async fns, async blocks and async closures, found through every import form.
const reported: Case[] = [
  {
    name: 'aliased import: `use std::net::TcpListener as L;`',
    code: `use std::net::TcpListener as L;
async fn serve() -> std::io::Result<()> {
    let listener = L::bind("127.0.0.1:0")?;
    let (_s, _a) = listener.accept()?;
    Ok(())
}`,
    expected: ['3:20 rust/std-net-tcplistener-bind', '4:29 rust/std-net-tcplistener-accept'],
  },
  {
    name: 'grouped imports: `use std::{fs, net::{TcpListener, TcpStream}};`',
    code: `use std::{fs, net::{TcpListener, TcpStream}};
async fn f() {
    let _t = fs::read_to_string("a.txt");
    let _s = TcpStream::connect("127.0.0.1:1");
    let _l = TcpListener::bind("127.0.0.1:0").unwrap().accept();
}`,
    expected: [
      '3:14 rust/std-fs-read-to-string',
      '4:14 rust/std-net-tcpstream-connect',
      '5:14 rust/std-net-tcplistener-bind',
      '5:56 rust/std-net-tcplistener-accept',
    ],
  },
  {
    name: 'module import: `use std::net;` then `net::TcpListener`',
    code: `use std::net;
async fn f() {
    let l = net::TcpListener::bind("127.0.0.1:0").unwrap();
    for s in l.incoming() {}
}`,
    expected: ['3:13 rust/std-net-tcplistener-bind', '4:16 rust/std-net-tcplistener-incoming'],
  },
  {
    name: '`use std::net::{self}` and a wildcard `use std::fs::*;`',
    code: `use std::net::{self};
use std::fs::*;
async fn f() {
    net::TcpStream::connect("127.0.0.1:1").unwrap();
    read("x").unwrap();
    File::open("x").unwrap();
}`,
    expected: ['4:5 rust/std-net-tcpstream-connect', '5:5 rust/std-fs-read', '6:5 rust/std-fs-file-open'],
  },
  {
    name: 'fully qualified std::thread::sleep in an async block, an async closure and an async method',
    code: `struct S;
impl S {
    async fn wait(&self) { std::thread::sleep(std::time::Duration::from_millis(1)); }
}
fn main() {
    let _a = async { ::std::thread::sleep(std::time::Duration::from_millis(1)); };
    let _c = async move || { std::thread::sleep(std::time::Duration::from_millis(1)) };
}`,
    expected: ['3:28 rust/std-thread-sleep', '6:22 rust/std-thread-sleep', '7:30 rust/std-thread-sleep'],
  },
  {
    name: 'a plain closure inside an async fn runs on the runtime thread',
    code: `async fn f(paths: Vec<String>) -> Vec<String> {
    paths.iter().map(|p| std::fs::read_to_string(p).unwrap()).collect()
}`,
    expected: ['2:26 rust/std-fs-read-to-string'],
  },
  {
    name: 'Read/Write on a std TcpStream: a parameter, a let binding, a match arm and an incoming() item',
    code: `use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
async fn handle(mut stream: TcpStream) {
    let mut buf = [0u8; 4];
    stream.read_exact(&mut buf).unwrap();
    stream.flush().unwrap();
}
async fn serve(listener: &TcpListener) {
    match listener.accept() {
        Ok((mut s, _)) => { s.write_all(b"hi").unwrap(); }
        Err(_) => {}
    }
    for s in listener.incoming() {
        let mut s = s.unwrap();
        let mut text = String::new();
        s.read_to_string(&mut text).unwrap();
    }
}`,
    expected: [
      '5:12 rust/std-net-tcpstream-read-exact',
      '6:12 rust/std-net-tcpstream-flush',
      '9:20 rust/std-net-tcplistener-accept',
      '10:31 rust/std-net-tcpstream-write-all',
      '13:23 rust/std-net-tcplistener-incoming',
      '16:11 rust/std-net-tcpstream-read-to-string',
    ],
  },
  {
    name: 'stdin().read_line, directly and through a binding',
    code: `use std::io;
async fn ask() -> String {
    let mut line = String::new();
    std::io::stdin().read_line(&mut line).unwrap();
    let input = io::stdin();
    input.read_line(&mut line).unwrap();
    line
}`,
    expected: ['4:22 rust/std-io-stdin-read-line', '6:11 rust/std-io-stdin-read-line'],
  },
  {
    name: 'Command::output/status, Child::wait; spawn() alone does not wait',
    code: `use std::process::Command;
async fn run() {
    let _o = Command::new("ls").arg("-l").output();
    let mut cmd = Command::new("true");
    let _s = cmd.status();
    let mut child = cmd.spawn().unwrap();
    child.wait().unwrap();
}`,
    expected: ['3:43 rust/std-process-command-output', '5:18 rust/std-process-command-status', '7:11 rust/std-process-child-wait'],
  },
  {
    name: 'std::sync::mpsc::Receiver::recv from a destructured channel()',
    code: `use std::sync::mpsc;
async fn consume() {
    let (tx, rx) = mpsc::channel::<u32>();
    tx.send(1).unwrap();
    let _v = rx.recv().unwrap();
}`,
    expected: ['5:17 rust/std-sync-mpsc-receiver-recv'],
  },
  {
    name: 'reqwest::blocking: a free function and a client request',
    code: `async fn fetch(url: &str) {
    let _a = reqwest::blocking::get(url);
    let client = reqwest::blocking::Client::new();
    let _b = client.get(url).header("a", "b").send();
}`,
    expected: ['2:14 rust/reqwest-blocking', '4:47 rust/reqwest-blocking'],
  },
  {
    name: 'calls inside macro arguments (println!, assert_eq!) and write!/writeln! on a std socket',
    code: `use std::io::Write;
async fn f(mut s: std::net::TcpStream) {
    println!("{}", std::fs::read_to_string("x").unwrap());
    assert_eq!(std::fs::read("y").unwrap().len(), 1);
    writeln!(s, "hello").unwrap();
    let mut out = Vec::new();
    write!(out, "not a socket").unwrap();
}`,
    expected: ['3:20 rust/std-fs-read-to-string', '4:16 rust/std-fs-read', '5:5 rust/std-net-tcpstream-write-fmt'],
  },
  {
    name: 'a struct field of a std type: `self.listener.accept()`',
    code: `struct Server { listener: std::net::TcpListener }
impl Server {
    async fn run(&self) { let _c = self.listener.accept(); }
    fn run_sync(&self) { let _c = self.listener.accept(); }
}`,
    expected: ['3:50 rust/std-net-tcplistener-accept'],
  },
  {
    name: 'calls of the file\'s sync helpers that block: a free fn, through a second helper, `self.method()`, `Self::f()`',
    code: `use std::fs;
fn read_config() -> String { fs::read_to_string("app.toml").unwrap() }
fn settings() -> String { read_config() }
fn pure() -> u8 { 1 }
struct App;
impl App {
    fn load(&self) -> Vec<u8> { std::fs::read("x").unwrap() }
    fn open() { std::thread::sleep(std::time::Duration::ZERO) }
    async fn start(&self) { self.load(); Self::open(); }
}
async fn main() {
    settings();
    pure();
    tokio::task::spawn_blocking(|| settings());
}`,
    expected: ['9:34 rust/blocking-helper', '9:42 rust/blocking-helper', '12:5 rust/blocking-helper'],
  },
  {
    name: 'a non-ASCII comment before the call does not shift the UTF-16 column',
    code: `async fn f() { /* é𝄞 */ std::thread::sleep(std::time::Duration::ZERO); }`,
    expected: ['1:26 rust/std-thread-sleep'],
  },
];

// Not reported: sync code, threads made for blocking, tokio's own types, and the article's std-to-tokio conversion.
const notReported: Case[] = [
  {
    name: 'a sync fn, and the body of a sync fn nested inside an async fn (calling it is reported, see above)',
    code: `use std::net::TcpListener;
fn main() { let l = TcpListener::bind("127.0.0.1:0").unwrap(); l.accept().unwrap(); }
async fn outer() {
    fn inner() { std::thread::sleep(std::time::Duration::from_millis(1)); }
    let _f: fn() = inner;
}`,
    expected: [],
  },
  {
    name: 'tokio::net::TcpListener, tokio::fs and tokio::sync::mpsc',
    code: `use tokio::net::TcpListener;
use tokio::sync::mpsc;
async fn f() -> std::io::Result<()> {
    let l = TcpListener::bind("127.0.0.1:0").await?;
    let (_s, _a) = l.accept().await?;
    let _t = tokio::fs::read_to_string("a").await?;
    let (_tx, mut rx) = mpsc::channel::<u8>(1);
    rx.recv().await;
    Ok(())
}`,
    expected: [],
  },
  {
    name: 'spawn_blocking, block_in_place, std::thread::spawn, a thread Builder and scoped threads',
    code: `use std::thread;
use tokio::task;
async fn f() {
    tokio::task::spawn_blocking(|| std::thread::sleep(std::time::Duration::from_millis(1))).await.unwrap();
    task::block_in_place(|| std::fs::read("a"));
    thread::spawn(move || std::fs::write("a", "b"));
    thread::Builder::new().name("io".into()).spawn(|| std::fs::read("a")).unwrap();
    tokio::runtime::Handle::current().spawn_blocking(|| std::fs::read("a"));
    std::thread::scope(|s| { s.spawn(|| std::fs::read("a")); });
}`,
    expected: [],
  },
  {
    name: 'a listener converted with from_std (the article), even after shadowing',
    code: `async fn f() -> std::io::Result<()> {
    let l = std::net::TcpListener::bind("127.0.0.1:0")?;
    l.set_nonblocking(true)?;
    let l = tokio::net::TcpListener::from_std(l)?;
    let (_s, _a) = l.accept().await?;
    Ok(())
}`,
    expected: [],
  },
  {
    name: 'regression (tokio tests/io_driver.rs): a bind handed straight to from_std',
    code: `async fn f() {
    let _ = tokio::net::TcpListener::from_std(std::net::TcpListener::bind("127.0.0.1:0").unwrap());
}`,
    expected: [],
  },
  {
    name: 'regression (tokio tests/tcp_peek.rs): a listener accepted in a thread, inside a macro the analysis cannot read',
    code: `use std::{net, thread};
async fn peek() {
    let listener = net::TcpListener::bind("127.0.0.1:0").unwrap();
    let _addr = listener.local_addr().unwrap();
    let _t = thread::spawn(move || assert_ok!(listener.accept()).0);
}`,
    expected: [],
  },
  {
    name: 'regression (tokio src/fs): closures given to a helper that hands them to spawn_blocking (`asyncify`), or to blocking::unblock',
    code: `async fn asyncify<F, T>(f: F) -> T where F: FnOnce() -> T + Send + 'static, T: Send + 'static {
    tokio::task::spawn_blocking(f).await.unwrap()
}
async fn run_on_pool<F: FnOnce() + Send + 'static>(job: F) { tokio::task::spawn_blocking(job).await.unwrap() }
async fn canonicalize(path: std::path::PathBuf) -> std::io::Result<std::path::PathBuf> {
    run_on_pool(|| { let _ = std::fs::read("x"); }).await;
    let _ = blocking::unblock(|| std::fs::read("y")).await;
    asyncify(move || std::fs::canonicalize(path)).await
}`,
    expected: [],
  },
  {
    name: 'a std listener shared with spawn_blocking through an Arc',
    code: `use std::sync::Arc;
async fn f() {
    let listener = Arc::new(std::net::TcpListener::bind("127.0.0.1:0").unwrap());
    let l = listener.clone();
    tokio::task::spawn_blocking(move || l.accept().unwrap()).await.unwrap();
}`,
    expected: [],
  },
];

describe('analyzeRust', () => {
  before(async () => {
    await initRustParser();
  });

  describe('reports blocking std calls in async code', () => {
    for (const c of reported) {
      it(c.name, async () => {
        assert.ok(rustParsesCleanly(c.code), 'the case itself must parse');
        assert.deepEqual(await found(c.code), c.expected);
      });
    }
  });

  describe('does not report', () => {
    for (const c of notReported) {
      it(c.name, async () => {
        assert.ok(rustParsesCleanly(c.code), 'the case itself must parse');
        assert.deepEqual(await found(c.code), c.expected);
      });
    }
  });

  it('a finding carries its file name, end position, api, context and a message that says what to do', async () => {
    const [f, ...rest] = await analyzeRust('async fn main() {\n    std::thread::sleep(d);\n}\n', 'src/main.rs');
    assert.equal(rest.length, 0);
    assert.deepEqual(
      { fileName: f!.fileName, line: f!.line, column: f!.column, endLine: f!.endLine, endColumn: f!.endColumn, api: f!.api, context: f!.context },
      { fileName: 'src/main.rs', line: 2, column: 5, endLine: 2, endColumn: 26, api: 'std::thread::sleep', context: 'async fn `main`' },
    );
    assert.match(f!.message, /^`std::thread::sleep` parks the runtime thread.*inside async fn `main`.*Use `tokio::time::sleep\(\.\.\)\.await`/);
  });

  it('a helper finding carries the chain from the call to the blocking std call, and says so', async () => {
    const code = 'fn inner() { std::thread::sleep(std::time::Duration::ZERO) }\nfn outer() { inner() }\nasync fn main() {\n    outer();\n}\n';
    const [f, ...rest] = await analyzeRust(code);
    assert.equal(rest.length, 0);
    assert.deepEqual(f!.chain, [
      { name: 'outer', line: 4, column: 5 },
      { name: 'inner', line: 2, column: 14 },
      { name: 'std::thread::sleep', line: 1, column: 14 },
    ]);
    assert.match(f!.message, /^`outer\(\)` blocks: it calls `std::thread::sleep` \(line 1, through `inner\(\)`\), inside async fn `main`/);
  });

  it('a file with syntax errors still reports what it can parse', async () => {
    assert.deepEqual(await found('async fn f() { std::thread::sleep(d); let = ; }'), ['1:16 rust/std-thread-sleep']);
  });
});
