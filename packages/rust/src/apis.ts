// The blocking std (and reqwest::blocking) APIs that loopguard reports inside async Rust code, as data.
// Types are fully qualified paths; the analysis follows values of these types through `let` bindings.

export const TCP_LISTENER = 'std::net::TcpListener';
export const TCP_STREAM = 'std::net::TcpStream';
export const FILE = 'std::fs::File';
const OPEN_OPTIONS = 'std::fs::OpenOptions';
const STDIN = 'std::io::Stdin';
const BUF_READER = 'std::io::BufReader';
const COMMAND = 'std::process::Command';
const CHILD = 'std::process::Child';
const RECEIVER = 'std::sync::mpsc::Receiver';
const SENDER = 'std::sync::mpsc::Sender';
const REQWEST_CLIENT = 'reqwest::blocking::Client';
const REQWEST_CLIENT_BUILDER = 'reqwest::blocking::ClientBuilder';
const REQWEST_REQUEST = 'reqwest::blocking::RequestBuilder';
const SOCKET_ADDR = 'std::net::SocketAddr';

/** A value's type as the analysis knows it: a path, a tuple of them, or an iterator over one. */
export type RustType = { path: string } | { tuple: (RustType | undefined)[] } | { iterOf: RustType };

export const t = (path: string): RustType => ({ path });

export interface FunctionApi {
  /** Reported when called in async code; absent for constructors that do not block (Command::new). */
  id?: string;
  returns?: RustType;
  why?: string;
  instead?: string;
}

export interface MethodApi {
  id?: string;
  returns?: RustType;
  /** The same method on the tokio type is async: a rewrite to tokio must add `.await`. */
  awaitInTokio?: boolean;
  /** Needs `tokio::io::AsyncReadExt` / `AsyncWriteExt` in scope once the receiver is a tokio type. */
  tokioTrait?: 'AsyncReadExt' | 'AsyncWriteExt';
  /** Exists on the tokio type with the same shape (so a rewrite to tokio may keep the call). */
  inTokio?: boolean;
  why?: string;
}

const kebab = (s: string): string => s.replace(/_/g, '-').replace(/::/g, '-').toLowerCase();

const NET_WHY = 'blocks the runtime thread until the peer answers';
const FS_WHY = 'waits for the disk on the runtime thread';

/** tokio::fs has an async twin with the same arguments and result for these std::fs functions. */
export const TOKIO_FS_TWINS = new Set([
  'canonicalize', 'copy', 'create_dir', 'create_dir_all', 'hard_link', 'metadata', 'read', 'read_link',
  'read_to_string', 'remove_dir', 'remove_dir_all', 'remove_file', 'rename', 'set_permissions',
  'symlink_metadata', 'write',
]);

const STD_FS_FUNCTIONS = [
  ...TOKIO_FS_TWINS, 'read_dir', 'exists', 'soft_link',
];

export const FUNCTIONS: Record<string, FunctionApi> = {
  'std::net::TcpListener::bind': {
    id: 'rust/std-net-tcplistener-bind',
    returns: t(TCP_LISTENER),
    why: 'creates a blocking std listener in async code; its accept() will block the runtime thread',
    instead: 'tokio::net::TcpListener::bind(..).await',
  },
  'std::net::TcpStream::connect': {
    id: 'rust/std-net-tcpstream-connect', returns: t(TCP_STREAM), why: NET_WHY,
    instead: 'tokio::net::TcpStream::connect(..).await',
  },
  'std::net::TcpStream::connect_timeout': {
    id: 'rust/std-net-tcpstream-connect', returns: t(TCP_STREAM), why: NET_WHY,
    instead: 'tokio::net::TcpStream::connect(..).await',
  },
  'std::fs::File::open': { id: 'rust/std-fs-file-open', returns: t(FILE), why: FS_WHY, instead: 'tokio::fs::File::open(..).await' },
  'std::fs::File::create': { id: 'rust/std-fs-file-create', returns: t(FILE), why: FS_WHY, instead: 'tokio::fs::File::create(..).await' },
  'std::fs::File::create_new': { id: 'rust/std-fs-file-create-new', returns: t(FILE), why: FS_WHY, instead: 'tokio::fs::OpenOptions' },
  'std::fs::OpenOptions::new': { returns: t(OPEN_OPTIONS) },
  'std::io::stdin': { returns: t(STDIN) },
  'std::io::BufReader::new': {},
  'std::process::Command::new': { returns: t(COMMAND) },
  'std::sync::mpsc::channel': { returns: { tuple: [t(SENDER), t(RECEIVER)] } },
  'std::sync::mpsc::sync_channel': { returns: { tuple: [t('std::sync::mpsc::SyncSender'), t(RECEIVER)] } },
  'std::thread::sleep': {
    id: 'rust/std-thread-sleep',
    why: 'parks the runtime thread: no other task on it runs until the sleep ends',
    instead: 'tokio::time::sleep(..).await',
  },
  'reqwest::blocking::get': {
    id: 'rust/reqwest-blocking', why: 'runs a whole HTTP request on the runtime thread (and panics inside a tokio runtime)',
    instead: 'reqwest::get(..).await',
  },
  'reqwest::blocking::Client::new': { returns: t(REQWEST_CLIENT) },
  'reqwest::blocking::Client::builder': { returns: t(REQWEST_CLIENT_BUILDER) },
  'reqwest::blocking::ClientBuilder::new': { returns: t(REQWEST_CLIENT_BUILDER) },
};
for (const name of STD_FS_FUNCTIONS) {
  FUNCTIONS[`std::fs::${name}`] = {
    id: `rust/std-fs-${kebab(name)}`,
    why: FS_WHY,
    instead: TOKIO_FS_TWINS.has(name) ? `tokio::fs::${name}(..).await` : 'tokio::task::spawn_blocking',
  };
}

const READ_METHODS = ['read', 'read_to_end', 'read_to_string', 'read_exact', 'read_vectored'];
const WRITE_METHODS = ['write', 'write_all', 'write_vectored', 'flush'];

function ioMethods(prefix: string, extra: Record<string, MethodApi> = {}): Record<string, MethodApi> {
  const out: Record<string, MethodApi> = {};
  for (const m of READ_METHODS) out[m] = { id: `${prefix}-${kebab(m)}`, awaitInTokio: true, tokioTrait: 'AsyncReadExt', inTokio: true };
  for (const m of WRITE_METHODS) out[m] = { id: `${prefix}-${kebab(m)}`, awaitInTokio: true, tokioTrait: 'AsyncWriteExt', inTokio: true };
  return { ...out, ...extra };
}

export const METHODS: Record<string, Record<string, MethodApi>> = {
  [TCP_LISTENER]: {
    accept: {
      id: 'rust/std-net-tcplistener-accept', returns: { tuple: [t(TCP_STREAM), t(SOCKET_ADDR)] }, awaitInTokio: true, inTokio: true,
      why: 'blocks the runtime thread until a connection arrives',
    },
    incoming: {
      id: 'rust/std-net-tcplistener-incoming', returns: { iterOf: t(TCP_STREAM) },
      why: 'every step of the iterator blocks the runtime thread until a connection arrives',
    },
    local_addr: { inTokio: true },
    ttl: { inTokio: true },
    set_ttl: { inTokio: true },
    try_clone: { returns: t(TCP_LISTENER) },
  },
  [TCP_STREAM]: ioMethods('rust/std-net-tcpstream', {
    peek: { id: 'rust/std-net-tcpstream-peek', awaitInTokio: true, inTokio: true },
    peer_addr: { inTokio: true },
    local_addr: { inTokio: true },
    set_nodelay: { inTokio: true },
    nodelay: { inTokio: true },
    set_ttl: { inTokio: true },
    try_clone: { returns: t(TCP_STREAM) },
  }),
  [FILE]: ioMethods('rust/std-fs-file', {
    sync_all: { id: 'rust/std-fs-file-sync-all' },
    sync_data: { id: 'rust/std-fs-file-sync-data' },
    set_len: { id: 'rust/std-fs-file-set-len' },
    metadata: { id: 'rust/std-fs-file-metadata' },
  }),
  [OPEN_OPTIONS]: {
    open: { id: 'rust/std-fs-openoptions-open', returns: t(FILE) },
    read: { returns: t(OPEN_OPTIONS) }, write: { returns: t(OPEN_OPTIONS) }, append: { returns: t(OPEN_OPTIONS) },
    truncate: { returns: t(OPEN_OPTIONS) }, create: { returns: t(OPEN_OPTIONS) }, create_new: { returns: t(OPEN_OPTIONS) },
    mode: { returns: t(OPEN_OPTIONS) },
  },
  [STDIN]: {
    read_line: { id: 'rust/std-io-stdin-read-line', why: 'blocks the runtime thread until the user types a line' },
    read_to_string: { id: 'rust/std-io-stdin-read-to-string' },
    read_to_end: { id: 'rust/std-io-stdin-read-to-end' },
    lines: { id: 'rust/std-io-stdin-lines' },
    lock: { returns: t(STDIN) },
  },
  [BUF_READER]: {
    ...ioMethods('rust/std-io-bufreader'),
    read_line: { id: 'rust/std-io-bufreader-read-line' },
    read_until: { id: 'rust/std-io-bufreader-read-until' },
    lines: { id: 'rust/std-io-bufreader-lines' },
  },
  [COMMAND]: {
    output: { id: 'rust/std-process-command-output', why: 'waits on the runtime thread for the child process to exit' },
    status: { id: 'rust/std-process-command-status', why: 'waits on the runtime thread for the child process to exit' },
    spawn: { returns: t(CHILD) },
    arg: { returns: t(COMMAND) }, args: { returns: t(COMMAND) }, env: { returns: t(COMMAND) }, envs: { returns: t(COMMAND) },
    env_remove: { returns: t(COMMAND) }, env_clear: { returns: t(COMMAND) }, current_dir: { returns: t(COMMAND) },
    stdin: { returns: t(COMMAND) }, stdout: { returns: t(COMMAND) }, stderr: { returns: t(COMMAND) },
  },
  [CHILD]: {
    wait: { id: 'rust/std-process-child-wait', why: 'waits on the runtime thread for the child process to exit' },
    wait_with_output: { id: 'rust/std-process-child-wait', why: 'waits on the runtime thread for the child process to exit' },
  },
  [RECEIVER]: {
    recv: { id: 'rust/std-sync-mpsc-receiver-recv', why: 'parks the runtime thread until a message arrives' },
    recv_timeout: { id: 'rust/std-sync-mpsc-receiver-recv', why: 'parks the runtime thread until a message arrives' },
  },
  [REQWEST_CLIENT_BUILDER]: { build: { returns: t(REQWEST_CLIENT) } },
  [REQWEST_CLIENT]: Object.fromEntries(
    ['get', 'post', 'put', 'patch', 'delete', 'head', 'request'].map((m) => [m, { returns: t(REQWEST_REQUEST) }]),
  ),
  [REQWEST_REQUEST]: {
    ...Object.fromEntries(
      ['header', 'headers', 'body', 'json', 'form', 'query', 'timeout', 'basic_auth', 'bearer_auth'].map((m) => [m, { returns: t(REQWEST_REQUEST) }]),
    ),
    send: { id: 'rust/reqwest-blocking', why: 'runs a whole HTTP request on the runtime thread (and panics inside a tokio runtime)' },
  },
};

/** Methods that hand back the value they were called on (or its content): the type flows through them. */
export const PASS_THROUGH_METHODS = new Set(['unwrap', 'expect', 'clone', 'by_ref', 'as_ref', 'as_mut', 'unwrap_or_else']);

/** Wrappers whose constructor keeps the wrapped value's methods reachable (through Deref). */
export const WRAPPER_CONSTRUCTORS = new Set([
  'std::sync::Arc::new', 'std::rc::Rc::new', 'Box::new', 'std::boxed::Box::new', 'std::sync::Arc::clone', 'std::rc::Rc::clone',
  'std::io::BufReader::new',
]);

/** A closure passed to one of these runs on another thread: blocking there is the fix, not the problem. */
export const OFF_RUNTIME_FUNCTIONS = new Set([
  'tokio::task::spawn_blocking', 'tokio::task::block_in_place', 'std::thread::spawn',
  'tokio::runtime::Handle::spawn_blocking',
  // The same idea in other runtimes and frameworks.
  'async_std::task::spawn_blocking', 'blocking::unblock', 'smol::unblock', 'actix_web::web::block', 'actix_rt::task::spawn_blocking',
]);
export const OFF_RUNTIME_METHODS = new Set(['spawn_blocking', 'block_in_place']);

/** Short public name of a path for messages: `std::net::TcpListener::accept`. */
export function typeShortName(path: string): string {
  return path;
}
