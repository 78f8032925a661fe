import assert from 'node:assert/strict';
import {mkdir, mkdtemp, readFile, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {delimiter, dirname, join, resolve} from 'node:path';
import {after, before, describe, test} from 'node:test';
import {fileURLToPath} from 'node:url';
import {KubeError} from '../../source/errors.js';
import {loadKubeconfig} from '../../source/kube/kubeconfig.js';
import type {RawKubeconfig} from '../../source/kube/kubeconfig-merge.js';

const fixtures = fileURLToPath(new URL('../fixtures/kubeconfigs/', import.meta.url));
const fixture = (name: string) => join(fixtures, name);

let temp: string;
before(async () => {
	temp = await mkdtemp(join(tmpdir(), 'prg-kubeconfig-'));
});
after(async () => {
	await rm(temp, {recursive: true, force: true});
});

async function write(name: string, text: string): Promise<string> {
	const path = join(temp, name);
	await mkdir(dirname(path), {recursive: true});
	await writeFile(path, text);
	return path;
}

async function refusal(promise: Promise<unknown>): Promise<KubeError> {
	try {
		await promise;
	} catch (error) {
		assert.ok(error instanceof KubeError, `expected a KubeError, got ${String(error)}`);
		assert.equal(error.kind, 'config');
		assert.ok(error.hint.length > 0);
		return error;
	}
	assert.fail('expected a refusal');
}

describe('provider kubeconfigs', () => {
	test('EKS: ARN names, server and current context', async () => {
		const config = await loadKubeconfig({path: fixture('eks.yaml'), env: {}});
		const arn = 'arn:aws:eks:eu-west-1:123456789012:cluster/prod-platform';
		assert.deepEqual(config.paths, [fixture('eks.yaml')]);
		assert.equal(config.current, arn);
		assert.deepEqual(config.contexts, [{
			name: arn,
			cluster: arn,
			server: 'https://4A5B6C7D8E9F0A1B2C3D4E5F6A7B8C9D.gr7.eu-west-1.eks.amazonaws.com',
			user: arn,
			namespace: null,
			current: true,
			source: fixture('eks.yaml'),
		}]);
		assert.deepEqual(config.warnings, []);
	});

	test('GKE, kind, OIDC and OpenShift load with their namespaces and servers', async () => {
		const gke = await loadKubeconfig({path: fixture('gke.yaml'), env: {}});
		assert.equal(gke.contexts[0]!.server, 'https://34.118.92.17');
		const kind = await loadKubeconfig({path: fixture('kind.yaml'), env: {}});
		assert.equal(kind.current, 'kind-kind');
		assert.equal(kind.contexts[0]!.server, 'https://127.0.0.1:41827');
		const oidc = await loadKubeconfig({path: fixture('oidc.yaml'), env: {}});
		assert.equal(oidc.contexts[0]!.namespace, 'platform-tools');
		assert.equal(oidc.contexts[0]!.user, 'jane@corp.example.net');
		const openshift = await loadKubeconfig({path: fixture('openshift.yaml'), env: {}});
		assert.equal(openshift.current, 'default/api-ocp4-example-com:6443/kube:admin');
		assert.equal(openshift.contexts[0]!.cluster, 'api-ocp4-example-com:6443');
	});
});

describe('where the kubeconfig comes from', () => {
	test('--kubeconfig wins over KUBECONFIG', async () => {
		const config = await loadKubeconfig({path: fixture('kind.yaml'), env: {KUBECONFIG: fixture('eks.yaml')}});
		assert.deepEqual(config.paths, [fixture('kind.yaml')]);
	});

	test('KUBECONFIG merges like kubectl: first file wins each name and the current-context', async () => {
		const a = fixture('multi/a.yaml');
		const b = fixture('multi/b.yaml');
		const config = await loadKubeconfig({env: {KUBECONFIG: [a, b].join(delimiter)}});
		assert.deepEqual(config.paths, [a, b]);
		assert.equal(config.current, 'shared');
		assert.deepEqual(config.contexts.map(context => [context.name, context.cluster, context.server, context.user, context.namespace, context.source]), [
			['shared', 'dev', 'https://dev-a.example.test:6443', 'alice', 'team-a', a],
			['staging', 'staging', 'https://staging.example.test:6443', 'alice', null, a],
			['prod', 'prod', 'https://prod.example.test:6443', 'bob', 'payments', b],
		]);
		const raw = config.raw() as RawKubeconfig;
		assert.equal(raw.users.find(user => user.name === 'alice')!.user.token, 'alice-token-from-file-a-0123456789');
	});

	test('the other order gives the other file priority', async () => {
		const config = await loadKubeconfig({env: {KUBECONFIG: [fixture('multi/b.yaml'), fixture('multi/a.yaml')].join(delimiter)}});
		assert.equal(config.current, 'prod');
		const shared = config.contexts.find(context => context.name === 'shared')!;
		assert.equal(shared.server, 'https://prod.example.test:6443');
		assert.equal(shared.user, 'bob');
	});

	test('missing files in KUBECONFIG are skipped with a warning, duplicates read once', async () => {
		const missing = join(temp, 'nope.yaml');
		const config = await loadKubeconfig({env: {KUBECONFIG: [missing, fixture('kind.yaml'), '', fixture('kind.yaml')].join(delimiter)}});
		assert.deepEqual(config.paths, [fixture('kind.yaml')]);
		assert.equal(config.warnings.length, 1);
		assert.match(config.warnings[0]!, /nope\.yaml, which does not exist; skipped/);
	});

	test('KUBECONFIG where no file exists is refused', async () => {
		const error = await refusal(loadKubeconfig({env: {KUBECONFIG: [join(temp, 'x'), join(temp, 'y')].join(delimiter)}}));
		assert.match(error.message, /none of the files in KUBECONFIG exist/);
	});

	test('~/.kube/config is the default', async () => {
		const home = join(temp, 'home');
		await write('home/.kube/config', await readFile(fixture('kind.yaml'), 'utf8'));
		const config = await loadKubeconfig({env: {}, homeDir: home});
		assert.deepEqual(config.paths, [join(home, '.kube', 'config')]);
		assert.equal(config.current, 'kind-kind');
	});

	test('no kubeconfig at all points to --demo', async () => {
		const error = await refusal(loadKubeconfig({env: {}, homeDir: join(temp, 'empty-home')}));
		assert.match(error.message, /no kubeconfig: .*\.kube\/config does not exist and KUBECONFIG is not set/);
		assert.match(error.hint, /--demo/);
		assert.match(error.hint, /KUBECONFIG/);
	});

	test('a directory is named as such', async () => {
		const error = await refusal(loadKubeconfig({path: temp, env: {}}));
		assert.match(error.message, /\(from --kubeconfig\) is a directory/);
		assert.match(error.hint, /--kubeconfig .*\/config/);
		const config = await loadKubeconfig({env: {KUBECONFIG: [temp, fixture('kind.yaml')].join(delimiter)}});
		assert.match(config.warnings[0]!, /which is a directory; skipped/);
	});

	test('a missing --kubeconfig file is refused', async () => {
		const error = await refusal(loadKubeconfig({path: join(temp, 'absent'), env: {}}));
		assert.match(error.message, /absent \(from --kubeconfig\) does not exist/);
	});
});

describe('files that are not usable kubeconfigs', () => {
	test('an empty file', async () => {
		const error = await refusal(loadKubeconfig({path: await write('empty.yaml', '\n  \n'), env: {}}));
		assert.match(error.message, /empty\.yaml is empty/);
		assert.match(error.hint, /--demo/);
	});

	test('an empty file beside a good one is harmless, as in kubectl', async () => {
		const empty = await write('empty2.yaml', '');
		const config = await loadKubeconfig({env: {KUBECONFIG: [empty, fixture('kind.yaml')].join(delimiter)}});
		assert.equal(config.current, 'kind-kind');
	});

	test('malformed YAML names the line', async () => {
		const text = 'apiVersion: v1\nclusters:\n- name: a\n  cluster:\n    server: https://x\n   bad: [\n';
		const error = await refusal(loadKubeconfig({path: await write('bad.yaml', text), env: {}}));
		assert.match(error.message, /bad\.yaml is not valid YAML at line \d+: /);
	});

	test('a manifest is not a kubeconfig', async () => {
		const error = await refusal(loadKubeconfig({path: await write('deploy.yaml', 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n'), env: {}}));
		assert.match(error.message, /is not a kubeconfig \(kind: Deployment\)/);
	});

	test('a YAML list or scalar is not a kubeconfig', async () => {
		const list = await refusal(loadKubeconfig({path: await write('list.yaml', '- a\n- b\n'), env: {}}));
		assert.match(list.message, /not a kubeconfig \(it holds a list/);
		const scalar = await refusal(loadKubeconfig({path: await write('scalar.yaml', 'hello\n'), env: {}}));
		assert.match(scalar.message, /not a kubeconfig \(it holds a string/);
	});

	test('a kubeconfig without contexts', async () => {
		const error = await refusal(loadKubeconfig({path: await write('nocontexts.yaml', 'apiVersion: v1\nkind: Config\nclusters:\n- name: a\n  cluster:\n    server: https://a\n'), env: {}}));
		assert.match(error.message, /is not a kubeconfig: it defines no contexts/);
	});

	test('a current-context that names nothing is a warning', async () => {
		const path = await write('dangling.yaml', 'apiVersion: v1\nkind: Config\ncurrent-context: gone\ncontexts:\n- name: a\n  context: {cluster: a, user: a}\n');
		const config = await loadKubeconfig({path, env: {}});
		assert.equal(config.current, 'gone');
		assert.equal(config.contexts[0]!.current, false);
		assert.match(config.warnings[0]!, /current-context "gone" is not defined/);
	});
});

describe('clientFor refusals', () => {
	const broken = [
		'apiVersion: v1',
		'kind: Config',
		'clusters:',
		'- name: good',
		'  cluster: {server: "https://127.0.0.1:6443"}',
		'- name: serverless',
		'  cluster: {certificate-authority-data: ""}',
		'users:',
		'- name: u',
		'  user: {token: abc}',
		'contexts:',
		'- name: no-cluster',
		'  context: {user: u}',
		'- name: missing-cluster',
		'  context: {cluster: elsewhere, user: u}',
		'- name: no-server',
		'  context: {cluster: serverless, user: u}',
		'- name: no-user',
		'  context: {cluster: good}',
		'- name: missing-user',
		'  context: {cluster: good, user: ghost}',
		'',
	].join('\n');

	test('each broken context says what is missing', async () => {
		const config = await loadKubeconfig({path: await write('broken.yaml', broken), env: {}});
		const cases: [string, RegExp][] = [
			['no-cluster', /context "no-cluster" names no cluster/],
			['missing-cluster', /uses cluster "elsewhere", which is not defined/],
			['no-server', /cluster "serverless" \(context "no-server"\) has no server URL/],
			['no-user', /context "no-user" names no user/],
			['missing-user', /uses user "ghost", which is not defined/],
		];
		for (const [name, message] of cases) {
			const error = await refusal(config.clientFor(name));
			assert.match(error.message, message);
		}
	});

	test('an unknown context lists the known ones', async () => {
		const config = await loadKubeconfig({env: {KUBECONFIG: [fixture('multi/a.yaml'), fixture('multi/b.yaml')].join(delimiter)}});
		const error = await refusal(config.clientFor('nope'));
		assert.match(error.message, /context "nope" is not in/);
		assert.match(error.hint, /shared, staging, prod/);
	});

	test('many contexts: the hint shows the first few and a count', async () => {
		const contexts = Array.from({length: 12}, (_, index) => `- name: c${index}\n  context: {cluster: a, user: a}`).join('\n');
		const config = await loadKubeconfig({path: await write('many.yaml', `apiVersion: v1\nkind: Config\ncontexts:\n${contexts}\n`), env: {}});
		const error = await refusal(config.clientFor('zzz'));
		assert.match(error.hint, /c0, c1, c2, c3, c4, c5, c6, c7, … \(4 more; `prg-doctor contexts` lists them\)/);
	});

	test('without a current-context and without a name', async () => {
		const config = await loadKubeconfig({path: await write('nocurrent.yaml', 'apiVersion: v1\nkind: Config\ncontexts:\n- name: a\n  context: {cluster: a, user: a}\n'), env: {}});
		const error = await refusal(config.clientFor());
		assert.match(error.message, /no current-context is set/);
		assert.match(error.hint, /--context NAME \(a\)/);
	});
});

test('file references are resolved against the kubeconfig that names them', async () => {
	const path = fixture('relative/config');
	const config = await loadKubeconfig({path, env: {}});
	const raw = config.raw() as RawKubeconfig;
	const base = dirname(path);
	assert.equal(raw.clusters[0]!.cluster['certificate-authority'], join(base, 'certs/ca.crt'));
	assert.equal(raw.users[0]!.user.tokenFile, resolve(base, '../token'));
	assert.equal(raw.users[0]!.user.exec!.command, join(base, 'bin/get-token'));
});

test('listing contexts never loads @kubernetes/client-node or the network code', async () => {
	// Follows the static (non-type) imports from kubeconfig.ts; dynamic import() is the only way in.
	const root = fileURLToPath(new URL('../../source/kube/kubeconfig.ts', import.meta.url));
	const seen = new Set<string>();
	const specifiers: string[] = [];
	const visit = async (file: string): Promise<void> => {
		if (seen.has(file)) return;
		seen.add(file);
		const text = await readFile(file, 'utf8');
		for (const match of text.matchAll(/^import\s+(?!type\b)[^;]*?from\s+'([^']+)'/gms)) {
			const specifier = match[1]!;
			specifiers.push(specifier);
			if (specifier.startsWith('.')) await visit(resolve(dirname(file), specifier.replace(/\.js$/, '.ts')));
		}
	};
	await visit(root);
	assert.ok(specifiers.includes('js-yaml'));
	assert.ok(!specifiers.includes('@kubernetes/client-node'), 'client-node is imported statically');
	assert.ok(!specifiers.some(specifier => /^node:(https?|tls|child_process)$/.test(specifier)), `network code imported statically: ${specifiers.join(', ')}`);
	assert.ok(![...seen].some(file => file.endsWith('api-client.ts') || file.endsWith('auth.ts')));
});
