import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PROJECT_REPOSITORY, packageMetadata, ruleDocsUrl } from '@loopguard/catalog';
import { publishablePackages, readmeSnippet, ROOT } from './support/workspace';

// What a published package.json must say, in the manner of typescript-eslint's and eslint-plugin-n's packages.
describe('package metadata', () => {
  const packages = publishablePackages();

  it('finds the publishable packages', () => {
    assert.deepEqual(packages.map((p) => p.json.name), [
      '@loopguard/catalog',
      'loopguard',
      'eslint-plugin-loopguard',
      '@loopguard/fixture-server',
      '@loopguard/language-server',
      '@loopguard/refactor',
      '@loopguard/rust',
      '@loopguard/trace',
    ]);
  });

  it('repository, homepage and bugs of every package come from the project home (scripts/sync-package-metadata.mjs)', () => {
    for (const { folder, json } of packages) {
      const expected = packageMetadata(`packages/${folder}`);
      assert.deepEqual(
        { repository: json.repository, homepage: json.homepage, bugs: json.bugs },
        expected,
        `packages/${folder}/package.json: run \`node scripts/sync-package-metadata.mjs\``,
      );
    }
  });

  it('the home is a GitHub repository address and rule docs point into it', () => {
    assert.match(PROJECT_REPOSITORY, /^https:\/\/github\.com\/[\w.-]+\/[\w.-]+$/u);
    assert.equal(ruleDocsUrl('no-blocking-io'), `${PROJECT_REPOSITORY}/blob/main/packages/eslint-plugin/docs/rules/no-blocking-io.md`);
  });

  it('every package ships the root LICENSE, a README and a CHANGELOG', () => {
    const license = fs.readFileSync(path.join(ROOT, 'LICENSE'), 'utf8');
    for (const { dir, folder, json } of packages) {
      assert.equal(json.license, 'MIT', folder);
      assert.equal(fs.readFileSync(path.join(dir, 'LICENSE'), 'utf8'), license, `packages/${folder}/LICENSE differs from the root LICENSE: run \`node scripts/sync-package-metadata.mjs\``);
      assert.ok(fs.existsSync(path.join(dir, 'README.md')), `packages/${folder} has no README.md`);
      assert.ok(fs.existsSync(path.join(dir, 'CHANGELOG.md')), `packages/${folder} has no CHANGELOG.md`);
    }
  });

  it('every package declares engines, files without source maps, an exports map with ./package.json, and public access when scoped', () => {
    for (const { folder, json } of packages) {
      assert.deepEqual(json.engines, { node: '>=20.19' }, folder);
      assert.ok(Array.isArray(json.files) && json.files.includes('!dist/**/*.map'), `${folder}: files must leave out source maps`);
      assert.equal(json.exports?.['./package.json'], './package.json', folder);
      assert.deepEqual(json.exports?.['.'], { types: './dist/index.d.ts', default: './dist/index.js' }, folder);
      if (json.name.startsWith('@')) assert.deepEqual(json.publishConfig, { access: 'public' }, folder);
    }
  });

  it('@typescript-eslint packages are caret ranges once published (catalog entries resolve to them)', () => {
    const catalog = fs.readFileSync(path.join(ROOT, 'pnpm-workspace.yaml'), 'utf8');
    for (const { folder, json } of packages) {
      for (const [name, spec] of Object.entries<string>(json.dependencies ?? {})) {
        if (!name.startsWith('@typescript-eslint/')) continue;
        const published = spec === 'catalog:' ? new RegExp(`"${name}": (\\S+)`, 'u').exec(catalog)?.[1] : spec;
        assert.match(published ?? '', /^\^8\./u, `${folder}: ${name} would be published as ${published}`);
      }
    }
  });

  it('changesets release every publishable package together, in one fixed group', () => {
    const config = JSON.parse(fs.readFileSync(path.join(ROOT, '.changeset', 'config.json'), 'utf8')) as { fixed: string[][]; access: string };
    assert.equal(config.access, 'public');
    assert.deepEqual([...(config.fixed[0] ?? [])].sort(), packages.map((p) => p.json.name).sort());
    assert.equal(config.fixed.length, 1);
  });

  it('tree-sitter-rust (a native install script) is not a dependency of any published package', () => {
    for (const { folder, json } of packages) assert.equal(json.dependencies?.['tree-sitter-rust'], undefined, folder);
  });

  it("the plugin's README shows the root README's flat-config snippets unchanged", () => {
    const pluginReadme = path.join(ROOT, 'packages', 'eslint-plugin', 'README.md');
    for (const name of ['flat-config-js', 'flat-config', 'flat-config-typed', 'flat-config-ts']) {
      assert.equal(readmeSnippet(name, pluginReadme), readmeSnippet(name), `snippet ${name}`);
    }
    assert.ok(fs.readFileSync(pluginReadme, 'utf8').includes(PROJECT_REPOSITORY), 'the plugin README links the project home');
  });
});
