// The extension's manifest and protocol against what they describe: the rule's options, the server's custom
// messages, and what the .vsix holds.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as server from '@loopguard/language-server';
import * as client from '@loopguard/language-server/protocol';
import { LANGUAGES } from '../src/languages';
import { CONTEXT_KINDS } from 'eslint-plugin-loopguard/findings';

const PKG_DIR = path.join(__dirname, '..');
const manifest = JSON.parse(readFileSync(path.join(PKG_DIR, 'package.json'), 'utf8'));
const settings = manifest.contributes.configuration.properties;

describe('package.json contributions', function () {
  it('offers exactly the rule\'s contexts in loopguard.contexts', function () {
    assert.deepEqual([...settings['loopguard.contexts'].items.enum].sort(), [...CONTEXT_KINDS].sort());
  });

  it('describes every setting and command', function () {
    assert.deepEqual(Object.keys(settings).sort(), ['loopguard.contexts', 'loopguard.enable', 'loopguard.quickPass', 'loopguard.raiseSeverityAboveMs', 'loopguard.run', 'loopguard.severity', 'loopguard.trace.server']);
    for (const [key, value] of Object.entries<Record<string, unknown>>(settings)) {
      assert.ok(value.description || value.markdownDescription, `${key} has no description`);
    }
    assert.deepEqual(
      manifest.contributes.commands.map((c: { command: string }) => c.command).sort(),
      ['loopguard.lintWorkspace', 'loopguard.restartServer', 'loopguard.showOutput'],
    );
  });

  it('activates on the four JavaScript and TypeScript language ids and Rust, and declares limited trust support', function () {
    assert.deepEqual(manifest.activationEvents, [
      'onLanguage:javascript',
      'onLanguage:javascriptreact',
      'onLanguage:typescript',
      'onLanguage:typescriptreact',
      'onLanguage:rust',
    ]);
    assert.equal(manifest.capabilities.untrustedWorkspaces.supported, 'limited');
  });

  it('lets the client select the documents of exactly the languages it activates on', function () {
    assert.deepEqual(
      manifest.activationEvents.map((e: string) => e.replace(/^onLanguage:/, '')),
      [...LANGUAGES],
    );
  });
});

describe('Marketplace and Open VSX metadata', function () {
  it('names the publisher, the licence, the repository, the home page and the issue tracker', function () {
    assert.equal(manifest.publisher, 'loopguard');
    assert.equal(manifest.license, 'MIT');
    assert.deepEqual(manifest.repository, { type: 'git', url: 'git+https://github.com/loopguard/loopguard.git', directory: 'packages/vscode' });
    assert.equal(manifest.homepage, 'https://github.com/loopguard/loopguard/tree/main/packages/vscode#readme');
    assert.deepEqual(manifest.bugs, { url: 'https://github.com/loopguard/loopguard/issues' });
    assert.deepEqual(manifest.categories, ['Linters']);
    assert.ok(manifest.keywords.includes('rust'), 'the keywords do not mention Rust');
    // The Marketplace refuses more than 30 keywords.
    assert.ok(manifest.keywords.length <= 30, `${manifest.keywords.length} keywords`);
  });

  it('has a 128x128 PNG icon', function () {
    const png = readFileSync(path.join(PKG_DIR, manifest.icon));
    // The PNG signature, then the IHDR chunk: width and height as big-endian 32-bit integers.
    assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], `${manifest.icon} is not a PNG`);
    assert.equal(png.subarray(12, 16).toString('latin1'), 'IHDR');
    assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [128, 128]);
  });

  it('has a CHANGELOG.md with a section for the manifest\'s version', function () {
    const changelog = readFileSync(path.join(PKG_DIR, 'CHANGELOG.md'), 'utf8');
    assert.match(changelog, new RegExp(`^## \\[?${manifest.version.replace(/\./g, '\\.')}\\]?`, 'm'));
  });
});

describe('settings defaults', function () {
  it('are the server\'s defaults, so that an unset setting means the same on both sides', function () {
    const d = server.DEFAULT_SETTINGS;
    assert.deepEqual(
      {
        enable: settings['loopguard.enable'].default,
        run: settings['loopguard.run'].default,
        contexts: settings['loopguard.contexts'].default ?? null,
        severity: settings['loopguard.severity'].default,
        trace: { server: settings['loopguard.trace.server'].default },
        raiseSeverityAboveMs: settings['loopguard.raiseSeverityAboveMs'].default,
        quickPass: settings['loopguard.quickPass'].default,
      },
      { enable: d.enable, run: d.run, contexts: d.contexts, severity: d.severity, trace: { server: d.trace.server }, raiseSeverityAboveMs: d.raiseSeverityAboveMs, quickPass: d.quickPass },
    );
    assert.deepEqual(settings['loopguard.severity'].enum, ['error', 'warning', 'information', 'hint']);
  });
});

describe('client protocol', function () {
  it('uses the server\'s method names for its custom messages', function () {
    assert.equal(client.StatusNotification.method, server.StatusNotification.method);
    assert.equal(client.LintFileRequest.method, server.LintFileRequest.method);
  });

  it('imports the language server\'s protocol module and keeps no copy of it', function () {
    const sources = fs.readdirSync(path.join(PKG_DIR, 'src'));
    assert.ok(!sources.includes('protocol.ts'), 'packages/vscode/src/protocol.ts is a copy of the server\'s protocol');
    const extension = fs.readFileSync(path.join(PKG_DIR, 'src', 'extension.ts'), 'utf8');
    assert.match(extension, /from '@loopguard\/language-server\/protocol'/u);
    for (const file of sources) {
      const text = fs.readFileSync(path.join(PKG_DIR, 'src', file), 'utf8');
      assert.doesNotMatch(text, /new (NotificationType|RequestType)\b/u, `${file} declares its own custom message`);
    }
  });
});

describe('the .vsix', function () {
  it('holds only the bundles, what they load (TypeScript\'s lib files, the two .wasm files, oxc-parser and its binding), the manifest, the README, the changelog, the licence and the icon', function () {
    const vsce = path.join(PKG_DIR, 'node_modules', '@vscode', 'vsce', 'vsce');
    const ls = spawnSync(process.execPath, [vsce, 'ls', '--no-dependencies'], { cwd: PKG_DIR, encoding: 'utf8' });
    assert.equal(ls.status, 0, ls.stderr);
    const files = ls.stdout.split('\n').filter(Boolean).sort();
    const others = files.filter((f) => !/^dist\/lib\.[\w.]+\.d\.ts$/.test(f) && !f.startsWith('dist/node_modules/'));
    // The quick pass's parser: oxc-parser's JavaScript (no .d.ts, no .wasm) and the native binding of the build
    // machine (package.json and the .node file), nothing else of any package.
    const oxc = files.filter((f) => f.startsWith('dist/node_modules/'));
    assert.ok(oxc.includes('dist/node_modules/oxc-parser/src-js/index.js'), 'oxc-parser is missing from the .vsix: run `pnpm build`');
    assert.ok(oxc.some((f) => /^dist\/node_modules\/@oxc-parser\/binding-[\w-]+\/parser\.[\w-]+\.node$/.test(f)), 'no oxc-parser binding in the .vsix');
    assert.deepEqual(oxc.filter((f) => !/^dist\/node_modules\/(?:oxc-parser\/(?:LICENSE|package\.json|src-js\/[\w/-]+\.c?js)|@oxc-parser\/binding-[\w-]+\/(?:package\.json|parser\.[\w-]+\.node))$/.test(f)), []);
    assert.deepEqual(others, [
      'CHANGELOG.md',
      'LICENSE',
      'README.md',
      'dist/extension.js',
      'dist/refactor-worker.js',
      'dist/server.js',
      'dist/tree-sitter-rust.wasm',
      'dist/web-tree-sitter.wasm',
      'images/icon.png',
      'package.json',
    ]);
    assert.ok(files.includes('dist/lib.es2023.d.ts'), 'TypeScript lib files are missing: run `pnpm build`');
  });
});
