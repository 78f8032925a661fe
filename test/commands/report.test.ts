// `prg-doctor report` from a kubeconfig full of secrets, the way people's kubeconfigs really hold
// them: a bearer token, a client certificate and key, basic-auth username/password, exec plugin env
// (AWS keys), kubelogin's secret flag, the OIDC and GCP auth-providers, a password in a proxy URL,
// and a plugin that echoes its secret in its error. Every secret string must be absent from the
// markdown and the JSON — not just "redacted" present somewhere. With --redact-hosts, server URLs,
// AWS account ids and node names go too. The current context is sim-eks, probed first, so the
// report carries a cluster view and the last run's raw outputs.
import assert from 'node:assert/strict';
import {mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync} from 'node:fs';
import {createServer} from 'node:net';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {after, before, describe, it} from 'node:test';
import yaml from 'js-yaml';
import selfsigned from 'selfsigned';
import {baseEnv, ensureBuilt, noStack, repoRoot, runCli, type CliResult} from '../helpers/cli.js';
import {closedPort} from '../helpers/net.js';
import {startTestSim, type TestSim} from '../helpers/sim.js';

const oidcFixture = yaml.load(readFileSync(join(repoRoot, 'test', 'fixtures', 'kubeconfigs', 'oidc.yaml'), 'utf8')) as {users: {user: {'auth-provider': {config: Record<string, string>}}}[]};
const oidc = oidcFixture.users[0]!.user['auth-provider'].config;

// Shaped like the real things: a service-account JWT, the AWS documentation's example keys, a
// Google OAuth access token, kubelogin's client secret; see each user below.
const secrets = {
	bearer: 'eyJhbGciOiJSUzI1NiIsImtpZCI6IkRWWHBMd3ZtRjNFV2l1c0xjT2hWTWNzVUhqV1RiN0x4In0.eyJpc3MiOiJrdWJlcm5ldGVzL3NlcnZpY2VhY2NvdW50Iiwic3ViIjoic3lzdGVtOnNlcnZpY2VhY2NvdW50OmNpOmRlcGxveWVyIn0.Zm9vYmFyYmF6cXV4cXV1eGNvcmdlZ3JhdWx0Z2FycGx5d2FsZG9mcmVk',
	password: 'Sup3r-S3cret-Passw0rd!',
	awsSecretKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
	awsSessionToken: 'IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQDExampleSessionTokenValue0123456789abcdef',
	gcpAccessToken: 'ya29.a0AfH6SMBx3kExampleAccessTokenVaLuE_0123456789-abcdefghijklmnopqrstuvwxyz',
	kubeloginSecret: 'kL9xQ2vT7mN4pR8sW1yZ3bC6dF0gH5jK',
	proxyPassword: 'pr0xy-pa55word-9431',
	echoedToken: 'plugin-token-7f3a9c1e5b2d8f4a6c0e',
	oidcClientSecret: oidc['client-secret']!,
	oidcIdToken: oidc['id-token']!,
	oidcRefreshToken: oidc['refresh-token']!,
	// Env names that do not say "secret": a GitHub PAT, a Vault AppRole id, a passphrase.
	githubPat: 'ghp_R4nd0mL00k1ngT0k3nV4lu3F0rT3st1ng0099',
	vaultRoleId: '675a50e7-cfe0-be76-e35f-49ec009731ea',
	passphrase: 'correct horse battery staple',
};

let sim: TestSim;
let kubeconfig: string;
let kubeconfigDir: string | undefined;
let simToken: string;
let certData: string;
let keyData: string;
let keyPemLine: string;
let markdown: CliResult;
let json: CliResult;
let markdownHosts: CliResult;
let jsonHosts: CliResult;
let simServer: string;
let nodeNames: string[];

type Config = {clusters: {name: string; cluster: Record<string, unknown>}[]; contexts: {name: string; context: Record<string, string>}[]; users: {name: string; user: Record<string, unknown>}[]};

before(async () => {
	ensureBuilt();
	sim = await startTestSim(null, {latencyMs: 30});
	const simConfig = yaml.load(readFileSync(sim.kubeconfigPath, 'utf8')) as Config;
	const eksContext = simConfig.contexts.find((context) => context.name === 'sim-eks')!;
	const eksCluster = simConfig.clusters.find((cluster) => cluster.name === eksContext.context.cluster)!;
	const eksUser = simConfig.users.find((user) => user.name === eksContext.context.user)!;
	simToken = String(eksUser.user.token);
	simServer = String(eksCluster.cluster.server);

	const pem = await selfsigned.generate([{name: 'commonName', value: 'kubernetes-admin'}, {name: 'organizationName', value: 'system:masters'}], {keyType: 'ec', curve: 'P-256', algorithm: 'sha256'});
	certData = Buffer.from(pem.cert).toString('base64');
	keyData = Buffer.from(pem.private).toString('base64');
	keyPemLine = pem.private.split('\n').find((line) => line.length > 40 && !line.startsWith('-----'))!;

	const closed = `https://127.0.0.1:${await closedPort()}`;
	const eksServer = 'https://4A5B6C7D8E9F0A1B2C3D4E5F6A7B8C9D.gr7.eu-west-1.eks.amazonaws.com';
	const arn = 'arn:aws:eks:eu-west-1:123456789012:cluster/prod-platform';
	const config = {
		apiVersion: 'v1',
		kind: 'Config',
		'current-context': 'sim-eks',
		clusters: [
			eksCluster,
			{name: arn, cluster: {server: eksServer, 'certificate-authority-data': certData}},
			{name: 'corp', cluster: {server: closed, 'insecure-skip-tls-verify': true, 'proxy-url': `http://jane:${secrets.proxyPassword}@proxy.corp.example.net:3128`}},
		],
		contexts: [
			eksContext,
			{name: arn, context: {cluster: arn, user: arn}},
			{name: 'ci-deployer', context: {cluster: 'corp', user: 'ci-deployer'}},
			{name: 'kind-admin', context: {cluster: 'corp', user: 'kind-admin'}},
			{name: 'legacy-basic', context: {cluster: 'corp', user: 'legacy-basic'}},
			{name: 'corp-oidc', context: {cluster: 'corp', user: 'jane@corp.example.net'}},
			{name: 'corp-kubelogin', context: {cluster: 'corp', user: 'oidc-kubelogin'}},
			{name: 'gke-legacy', context: {cluster: 'corp', user: 'gke-legacy'}},
			{name: 'echoing-plugin', context: {cluster: 'corp', user: 'echoing-plugin'}},
		],
		users: [
			eksUser,
			// `aws eks update-kubeconfig` plus static keys in the env, as people do for CI.
			{
				name: arn,
				user: {
					exec: {
						apiVersion: 'client.authentication.k8s.io/v1beta1',
						command: 'aws',
						args: ['--region', 'eu-west-1', 'eks', 'get-token', '--cluster-name', 'prod-platform', '--output', 'json'],
						env: [
							{name: 'AWS_ACCESS_KEY_ID', value: 'AKIAIOSFODNN7EXAMPLE'},
							{name: 'AWS_SECRET_ACCESS_KEY', value: secrets.awsSecretKey},
							{name: 'AWS_SESSION_TOKEN', value: secrets.awsSessionToken},
						],
						interactiveMode: 'Never',
					},
				},
			},
			{name: 'ci-deployer', user: {token: secrets.bearer}},
			{name: 'kind-admin', user: {'client-certificate-data': certData, 'client-key-data': keyData}},
			{name: 'legacy-basic', user: {username: 'admin', password: secrets.password}},
			{name: 'jane@corp.example.net', user: {'auth-provider': {name: 'oidc', config: oidc}}},
			// int128/kubelogin's documented setup passes the client secret as a flag.
			{
				name: 'oidc-kubelogin',
				user: {
					exec: {
						apiVersion: 'client.authentication.k8s.io/v1beta1',
						command: 'kubectl',
						args: ['oidc-login', 'get-token', '--oidc-issuer-url=https://accounts.google.com', '--oidc-client-id=prg-doctor.apps.googleusercontent.com', `--oidc-client-secret=${secrets.kubeloginSecret}`],
						interactiveMode: 'Never',
					},
				},
			},
			// The pre-1.26 gcp auth-provider as `gcloud container clusters get-credentials` wrote it; an
			// expired token and a gcloud that is no longer there (nothing slow or machine-dependent runs).
			{
				name: 'gke-legacy',
				user: {
					'auth-provider': {
						name: 'gcp',
						config: {
							'access-token': secrets.gcpAccessToken,
							'cmd-args': 'config config-helper --format=json',
							'cmd-path': join(tmpdir(), 'no-such-google-cloud-sdk', 'bin', 'gcloud'),
							expiry: '2024-03-01T09:15:42Z',
							'expiry-key': '{.credential.token_expiry}',
							'token-key': '{.credential.access_token}',
						},
					},
				},
			},
			// A wrapper plugin that fails and prints its token in the error.
			{
				name: 'echoing-plugin',
				user: {
					exec: {
						apiVersion: 'client.authentication.k8s.io/v1beta1',
						command: 'sh',
						args: ['-c', 'echo "error: token $VAULT_TOKEN was rejected by the broker" >&2; exit 1'],
						env: [{name: 'VAULT_TOKEN', value: secrets.echoedToken}, {name: 'GH_PAT', value: secrets.githubPat}, {name: 'VAULT_ROLE_ID', value: secrets.vaultRoleId}, {name: 'KUBE_PASSPHRASE', value: secrets.passphrase}],
						interactiveMode: 'Never',
					},
				},
			},
		],
	};
	kubeconfigDir = mkdtempSync(join(tmpdir(), 'prg-doctor-report-'));
	kubeconfig = join(kubeconfigDir, 'config');
	writeFileSync(kubeconfig, yaml.dump(config), {mode: 0o600});

	const env = {KUBECONFIG: kubeconfig};
	// A probe first, so the report carries the last run (its state lands in the helper's scratch HOME).
	const probed = await runCli(['probe', '--context', 'sim-eks', '-o', 'json'], {env});
	assert.equal(probed.code, 1, probed.stderr);
	nodeNames = (JSON.parse(probed.stdout) as {results: {node: string}[]}).results.map((result) => result.node);
	const options = {env, timeoutMs: 120_000};
	[markdown, json, markdownHosts, jsonHosts] = await Promise.all([
		runCli(['report'], options),
		runCli(['report', '-o', 'json'], options),
		runCli(['report', '--redact-hosts'], options),
		runCli(['report', '--redact-hosts', '-o', 'json'], options),
	]);
});

after(async () => {
	await sim?.stop();
	if (kubeconfigDir) rmSync(kubeconfigDir, {recursive: true, force: true});
});

function outputs(): [string, CliResult][] {
	return [
		['markdown', markdown],
		['json', json],
		['markdown --redact-hosts', markdownHosts],
		['json --redact-hosts', jsonHosts],
	];
}

describe('report', () => {
	it('runs (exit 0, no stack) in markdown and JSON, and the JSON parses', () => {
		for (const [name, result] of outputs()) {
			noStack(result.stderr);
			assert.equal(result.code, 0, `${name}: exit ${result.code}${result.signal ? ` (${result.signal}${result.timedOut ? ', killed after the helper timeout' : ''})` : ''} after ${result.durationMs} ms\n${result.stderr}`);
			assert.ok(result.stdout.length > 500, `${name} is nearly empty`);
		}
		JSON.parse(json.stdout);
		JSON.parse(jsonHosts.stdout);
	});

	it('holds what support needs: the contexts, the cluster\'s pools and the last probe with its raw output', () => {
		for (const [name, result] of outputs()) {
			assert.match(result.stdout, /bottlerocket-workers/, name);
			assert.match(result.stdout, /userns-limit/, name);
			assert.match(result.stdout, /bottlerocket-sysctl/, name);
			assert.match(result.stdout, /No space left on device/, `${name} lacks the probe's raw output`);
			assert.match(result.stdout, /ci-deployer/, `${name} lacks the other contexts`);
		}
	});

	const cases: [string, () => string][] = [
		['the sim user\'s bearer token', () => simToken],
		['a service-account bearer token', () => secrets.bearer],
		['client-key-data', () => keyData],
		['a line of the decoded client key', () => keyPemLine],
		['client-certificate-data', () => certData],
		['a basic-auth password', () => secrets.password],
		['AWS_SECRET_ACCESS_KEY in exec env', () => secrets.awsSecretKey],
		['AWS_SESSION_TOKEN in exec env', () => secrets.awsSessionToken],
		['OIDC client-secret', () => secrets.oidcClientSecret],
		['OIDC id-token', () => secrets.oidcIdToken],
		['OIDC refresh-token', () => secrets.oidcRefreshToken],
		['GCP auth-provider access-token', () => secrets.gcpAccessToken],
		['kubelogin --oidc-client-secret=… argument', () => secrets.kubeloginSecret],
		['a password inside proxy-url', () => secrets.proxyPassword],
		['a token an exec plugin echoed in its error', () => secrets.echoedToken],
	];
	for (const [what, secret] of cases) {
		it(`never contains ${what}`, () => {
			const value = secret();
			assert.ok(value.length >= 8, 'the secret under test is real');
			for (const [name, result] of outputs()) {
				assert.ok(!result.stdout.includes(value), `${name} report contains ${what}`);
				assert.ok(!result.stderr.includes(value), `${name} stderr contains ${what}`);
			}
			// JSON escapes `/` nowhere, but a secret with a quote or backslash would be escaped: check that form too.
			const escaped = JSON.stringify(value).slice(1, -1);
			for (const [name, result] of outputs()) assert.ok(!result.stdout.includes(escaped), `${name} report contains ${what} (JSON-escaped)`);
		});
	}

	it('the last-run state the probe kept for it is private (0600 in a 0700 dir) and holds no secret', () => {
		const dir = join(baseEnv().XDG_STATE_HOME!, 'prg-doctor');
		assert.equal(statSync(dir).mode & 0o777, 0o700, 'state dir mode');
		const files = readdirSync(dir).filter((name) => name.startsWith('last-probe-'));
		assert.ok(files.length > 0, `no last-probe file in ${dir}`);
		for (const name of files) {
			const path = join(dir, name);
			assert.equal(statSync(path).mode & 0o777, 0o600, `${name} mode`);
			const text = readFileSync(path, 'utf8');
			for (const secret of [simToken, ...Object.values(secrets)]) assert.ok(!text.includes(secret), `${name} holds a secret`);
		}
	});

	it('says where it redacted (the secrets were there to redact)', () => {
		assert.match(markdown.stdout, /redacted/i);
		assert.match(json.stdout, /redacted/i);
	});

	it('without --redact-hosts, keeps server URLs and node names (they help support)', () => {
		assert.ok(markdown.stdout.includes(simServer), 'the sim server URL');
		assert.ok(nodeNames.some((node) => markdown.stdout.includes(node)), 'node names');
	});

	it('with --redact-hosts, no server URL, host name, AWS account id or node name is left', () => {
		const hosts = [simServer, new URL(simServer).host, '4A5B6C7D8E9F0A1B2C3D4E5F6A7B8C9D.gr7.eu-west-1.eks.amazonaws.com', '4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d.gr7.eu-west-1.eks.amazonaws.com'];
		const accounts = ['123456789012', '111122223333'];
		assert.ok(nodeNames.length > 0);
		for (const [name, result] of [['markdown', markdownHosts], ['json', jsonHosts]] as const) {
			for (const host of hosts) assert.ok(!result.stdout.includes(host), `${name} --redact-hosts contains ${host}`);
			for (const account of accounts) assert.ok(!result.stdout.includes(account), `${name} --redact-hosts contains account id ${account}`);
			for (const node of nodeNames) assert.ok(!result.stdout.includes(node), `${name} --redact-hosts contains node ${node}`);
			// Node names in the EKS form, whatever the probe saw: ip-10-0-0-118.us-west-2.compute.internal.
			assert.doesNotMatch(result.stdout, /ip-\d+-\d+-\d+-\d+\.[a-z0-9-]+\.compute\.internal/, `${name} --redact-hosts has an EC2 node name`);
			// The report still reads: pools and gates are not hosts.
			assert.match(result.stdout, /bottlerocket-workers/);
			assert.match(result.stdout, /userns-limit/);
		}
	});

	it('with --redact-hosts, the proxy host is gone too', () => {
		for (const [name, result] of [['markdown', markdownHosts], ['json', jsonHosts]] as const) assert.ok(!result.stdout.includes('proxy.corp.example.net'), `${name} --redact-hosts contains the proxy host`);
	});
});

describe('report on a local cluster (kind-sim)', () => {
	it('carries this machine\'s host check, and --redact-hosts hides the kind node names and the server', async () => {
		const env = {KUBECONFIG: sim.kubeconfigPath};
		const probed = await runCli(['probe', '--context', 'kind-sim', '-o', 'json'], {env});
		assert.equal(probed.code, 1, probed.stderr);
		const nodes = (JSON.parse(probed.stdout) as {results: {node: string}[]}).results.map((result) => result.node);
		const [plain, hidden] = await Promise.all([
			runCli(['report', '--context', 'kind-sim', '-o', 'json'], {env, timeoutMs: 120_000}),
			runCli(['report', '--context', 'kind-sim', '--redact-hosts', '-o', 'json'], {env, timeoutMs: 120_000}),
		]);
		for (const result of [plain, hidden]) {
			noStack(result.stderr);
			assert.equal(result.code, 0, result.stderr);
		}
		const report = JSON.parse(plain.stdout) as {context: string; host: Record<string, unknown> | null; lastProbe: {results: {gate: string}[]} | null};
		assert.equal(report.context, 'kind-sim');
		assert.ok(report.host, 'a local context\'s report holds the host check');
		assert.deepEqual(Object.keys(report.host), ['os', 'kernel', 'user', 'checks', 'unshare', 'gate', 'fix', 'runtimes']);
		assert.equal(report.lastProbe?.results[0]?.gate, 'apparmor-userns');
		const server = sim.contexts.find((context) => context.name === 'kind-sim')!.server;
		assert.ok(plain.stdout.includes(server));
		for (const node of nodes) assert.ok(plain.stdout.includes(node), `the plain report names ${node}`);
		assert.ok(!hidden.stdout.includes(server), 'the server URL is hidden');
		assert.ok(!hidden.stdout.includes(new URL(server).host), 'the server host:port is hidden');
		for (const node of nodes) assert.ok(!hidden.stdout.includes(node), `--redact-hosts left the node name ${node}`);
		assert.match(hidden.stdout, /apparmor-userns/);
	});
});

describe('report when the cluster cannot be reached', () => {
	it('still reports (exit 0) and says why the cluster is missing', async (t) => {
		const server = createServer();
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		const {port} = server.address() as {port: number};
		await new Promise<void>((resolve) => server.close(() => resolve()));
		const dir = mkdtempSync(join(tmpdir(), 'prg-doctor-report-down-'));
		t.after(() => rmSync(dir, {recursive: true, force: true}));
		const path = join(dir, 'config');
		writeFileSync(path, yaml.dump({
			apiVersion: 'v1',
			kind: 'Config',
			'current-context': 'down',
			clusters: [{name: 'down', cluster: {server: `https://127.0.0.1:${port}`, 'insecure-skip-tls-verify': true}}],
			contexts: [{name: 'down', context: {cluster: 'down', user: 'down'}}],
			users: [{name: 'down', user: {token: secrets.bearer}}],
		}));
		const [markdownDown, jsonDown] = await Promise.all([runCli(['report', '--kubeconfig', path]), runCli(['report', '--kubeconfig', path, '-o', 'json'])]);
		for (const result of [markdownDown, jsonDown]) {
			noStack(result.stderr);
			assert.equal(result.code, 0, result.stderr);
			assert.ok(!result.stdout.includes(secrets.bearer), 'the token is redacted');
		}
		const report = JSON.parse(jsonDown.stdout) as {cluster: unknown; clusterError: string | null; contexts: {reachable: boolean | null}[]};
		assert.equal(report.cluster, null);
		assert.match(report.clusterError ?? '', /refused/);
		assert.equal(report.contexts[0]?.reachable, false);
		assert.match(markdownDown.stdout, /refused/);
	});
});
