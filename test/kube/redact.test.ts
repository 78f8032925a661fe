import assert from 'node:assert/strict';
import {join} from 'node:path';
import {describe, test} from 'node:test';
import {fileURLToPath} from 'node:url';
import {loadKubeconfig} from '../../source/kube/kubeconfig.js';
import {kubeconfigSecrets, looksSecret, redactKubeconfig, redactText} from '../../source/kube/redact.js';

const fixtures = fileURLToPath(new URL('../fixtures/kubeconfigs/', import.meta.url));
const load = (name: string) => loadKubeconfig({path: join(fixtures, name), env: {}});

type Doc = {
	clusters: {name: string; cluster: Record<string, unknown>}[];
	users: {name: string; user: Record<string, any>}[];
	contexts: {name: string; context: Record<string, unknown>}[];
	'current-context'?: string;
};

describe('secrets are always masked', () => {
	test('EKS: every exec env value (names stay) and CA data; not the arguments', async () => {
		const config = await load('eks.yaml');
		const redacted = config.redacted({hosts: false}) as Doc;
		const exec = redacted.users[0]!.user.exec;
		assert.deepEqual(exec.env, [{name: 'AWS_PROFILE', value: '[redacted]'}, {name: 'AWS_SECRET_ACCESS_KEY', value: '[redacted]'}]);
		assert.deepEqual(exec.args.slice(0, 6), ['--region', 'eu-west-1', 'eks', 'get-token', '--cluster-name', 'prod-platform']);
		assert.equal(exec.command, 'aws');
		assert.equal(redacted.clusters[0]!.cluster['certificate-authority-data'], '[present, redacted]');
		assert.match(String(redacted.clusters[0]!.cluster.server), /eks\.amazonaws\.com$/, 'hosts stay without --redact-hosts');
		assert.match(redacted.contexts[0]!.name, /123456789012/);
	});

	test('kind: the client key is masked and the certificate marked present', async () => {
		const redacted = (await load('kind.yaml')).redacted() as Doc;
		assert.equal(redacted.users[0]!.user['client-key-data'], '[redacted]');
		assert.equal(redacted.users[0]!.user['client-certificate-data'], '[present, redacted]');
	});

	test('OIDC: id-token, refresh-token and client-secret; the client id and issuer stay', async () => {
		const redacted = (await load('oidc.yaml')).redacted() as Doc;
		const provider = redacted.users[0]!.user['auth-provider'];
		assert.equal(provider.config['id-token'], '[redacted]');
		assert.equal(provider.config['refresh-token'], '[redacted]');
		assert.equal(provider.config['client-secret'], '[redacted]');
		assert.equal(provider.config['client-id'], 'kubernetes');
		assert.equal(provider.config['idp-issuer-url'], 'https://oidcidp.corp.example.net:8443/auth/idp/OidcIdP');
	});

	test('OpenShift: the token; and nothing secret survives anywhere, in any fixture', async () => {
		for (const name of ['eks.yaml', 'gke.yaml', 'kind.yaml', 'oidc.yaml', 'openshift.yaml', 'multi/b.yaml']) {
			const config = await load(name);
			const secrets = config.secrets();
			assert.ok(secrets.length > 0 || name === 'gke.yaml', `${name}: no secrets found`);
			const text = JSON.stringify(config.redacted({hosts: true}));
			for (const secret of secrets) assert.ok(!text.includes(secret), `${name}: ${secret.slice(0, 12)}… survived`);
			assert.ok(!text.includes('LS0tLS1CRUdJTi'), `${name}: PEM data survived`);
		}
		const openshift = (await load('openshift.yaml')).redacted() as Doc;
		assert.equal(openshift.users[0]!.user.token, '[redacted]');
	});

	test('exec arguments that carry a secret', () => {
		const raw = {users: [{name: 'u', user: {exec: {command: 'get-token', args: ['--token', 'abc123secretvalue', '--password=hunter2hunter2', '--server-id', '6dae42f8-4368-4678-94ff-3960e28e3630', 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl']}}}]};
		const redacted = redactKubeconfig(raw, {hosts: false}) as Doc;
		assert.deepEqual(redacted.users[0]!.user.exec.args, ['--token', '[redacted]', '--password=[redacted]', '--server-id', '6dae42f8-4368-4678-94ff-3960e28e3630', '[redacted]']);
		assert.deepEqual(kubeconfigSecrets(raw).sort(), ['--password=hunter2hunter2', 'hunter2hunter2', 'abc123secretvalue', 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl'].sort());
	});

	test('env values with harmless-looking names, flags like --pass and --secret-id, a token in a server URL query', () => {
		// Shapes from real setups: GitHub PATs in a plugin env, an OCI key inline, Vault AppRole ids.
		const pem = '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7\n-----END PRIVATE KEY-----';
		const raw = {
			clusters: [{name: 'c', cluster: {server: 'https://k8s.example.net:6443/?token=QUERYTOKEN123456&x=1'}}],
			users: [{name: 'u', user: {exec: {command: 'get-token', args: ['--client-key', 'ck-9f8e7d6c5b4a', '--pass=pl41nPassw0rd', '--secret-id', 'c7d0a1f2-vault-secret', '--region', 'eu-west-1'], env: [
				{name: 'GH_PAT', value: 'ghp_1234567890abcdefghijABCDEFGHIJ123456'},
				{name: 'OCI_CLI_KEY_CONTENT', value: pem},
				{name: 'KUBE_PASSPHRASE', value: 'correct horse battery'},
				{name: 'AWS_ACCESS_KEY_ID', value: 'AKIAIOSFODNN7EXAMPLE'},
				{name: 'VAULT_ROLE_ID', value: '675a50e7-cfe0-be76-e35f-49ec009731ea'},
				{name: 'AWS_PROFILE', value: 'platform'},
			]}}}],
		};
		const redacted = redactKubeconfig(raw, {hosts: false}) as Doc;
		const dump = JSON.stringify(redacted);
		for (const secret of ['ghp_1234567890', 'MIIEvQIBADANBgkqhkiG9w0', 'correct horse', 'AKIAIOSFODNN7EXAMPLE', '675a50e7', 'platform', 'ck-9f8e7d6c5b4a', 'pl41nPassw0rd', 'c7d0a1f2-vault-secret', 'QUERYTOKEN123456']) {
			assert.ok(!dump.includes(secret), `${secret} survived: ${dump}`);
		}
		assert.deepEqual(redacted.users[0]!.user.exec.env.map((entry: {name: string}) => entry.name), ['GH_PAT', 'OCI_CLI_KEY_CONTENT', 'KUBE_PASSPHRASE', 'AWS_ACCESS_KEY_ID', 'VAULT_ROLE_ID', 'AWS_PROFILE']);
		assert.deepEqual(redacted.users[0]!.user.exec.args, ['--client-key', '[redacted]', '--pass=[redacted]', '--secret-id', '[redacted]', '--region', 'eu-west-1'], 'a plain flag stays');
		assert.equal(redacted.clusters[0]!.cluster.server, 'https://k8s.example.net:6443/?token=[redacted]&x=[redacted]');
		// Echoed by a failing plugin: found again in free text; a short profile name is left alone there.
		const text = redactText(`error: GH_PAT ghp_1234567890abcdefghijABCDEFGHIJ123456 rejected for role 675a50e7-cfe0-be76-e35f-49ec009731ea (profile platform)`, kubeconfigSecrets(raw));
		assert.equal(text, 'error: GH_PAT [redacted] rejected for role [redacted] (profile platform)');
	});

	test('kubelogin-style --oidc-client-secret=… and a password in proxy-url', () => {
		const raw = {
			clusters: [{name: 'corp', cluster: {server: 'https://k8s.corp.example:6443', 'proxy-url': 'http://jane:pr0xy%40pa55@proxy.corp.example:3128'}}],
			users: [{name: 'u', user: {exec: {command: 'kubectl', args: ['oidc-login', 'get-token', '--oidc-issuer-url=https://accounts.google.com', '--oidc-client-id=prg.apps.googleusercontent.com', '--oidc-client-secret=GOCSPX-abcdef123456', '--token-cache-dir=/home/jane/.kube/cache/oidc-login']}}}],
		};
		const redacted = redactKubeconfig(raw, {hosts: false}) as Doc;
		assert.deepEqual(redacted.users[0]!.user.exec.args.slice(3), ['--oidc-client-id=prg.apps.googleusercontent.com', '--oidc-client-secret=[redacted]', '--token-cache-dir=/home/jane/.kube/cache/oidc-login']);
		assert.equal(redacted.clusters[0]!.cluster['proxy-url'], 'http://jane:[redacted]@proxy.corp.example:3128');
		const secrets = kubeconfigSecrets(raw);
		assert.ok(secrets.includes('pr0xy@pa55'), 'the decoded proxy password, as it may appear in errors');
		assert.ok(secrets.includes('GOCSPX-abcdef123456'));
		assert.equal(redactText('proxy said 407 for jane:pr0xy@pa55', secrets), 'proxy said 407 for jane:[redacted]');
	});

	test('any key named token, at any depth', () => {
		const redacted = redactKubeconfig({extensions: [{name: 'x', extension: {nested: {token: 'deep-secret-token'}}}]}, {hosts: false});
		assert.ok(!JSON.stringify(redacted).includes('deep-secret-token'));
	});
});

describe('hosts, when asked', () => {
	test('EKS: server, account ids in ARNs, consistently across names', async () => {
		const redacted = (await load('eks.yaml')).redacted({hosts: true}) as Doc;
		assert.equal(redacted.clusters[0]!.cluster.server, 'https://host-1');
		const arn = 'arn:aws:eks:eu-west-1:<account-id>:cluster/prod-platform';
		assert.equal(redacted.clusters[0]!.name, arn);
		assert.equal(redacted.contexts[0]!.context.cluster, arn);
		assert.equal(redacted['current-context'], arn);
		assert.equal(redacted.users[0]!.user.exec.args[9], 'arn:aws:iam::<account-id>:role/platform-admin');
		assert.ok(!JSON.stringify(redacted).includes('123456789012'));
	});

	test('OpenShift: host-derived names are masked with the server', async () => {
		const redacted = (await load('openshift.yaml')).redacted({hosts: true}) as Doc;
		assert.equal(redacted.clusters[0]!.cluster.server, 'https://host-1:6443');
		assert.equal(redacted.contexts[0]!.name, 'default/host-1:6443/kube:admin');
		assert.equal(redacted.users[0]!.name, 'kube:admin/host-1:6443');
		assert.ok(!JSON.stringify(redacted).includes('ocp4'));
	});

	test('distinct servers get distinct placeholders', async () => {
		const raw = (await load('multi/a.yaml')).raw();
		const redacted = redactKubeconfig(raw, {hosts: true}) as Doc;
		assert.deepEqual(redacted.clusters.map(cluster => cluster.cluster.server), ['https://host-1:6443', 'https://host-2:6443']);
	});

	test('the input is not modified', async () => {
		const config = await load('openshift.yaml');
		config.redacted({hosts: true});
		assert.match(JSON.stringify(config.raw()), /sha256~/);
	});
});

describe('redactText', () => {
	test('replaces every occurrence of every secret, longest first', () => {
		const text = 'Authorization: Bearer abcdef123456 and abcdef123456789 again abcdef123456';
		assert.equal(redactText(text, ['abcdef123456', 'abcdef123456789']), 'Authorization: Bearer [redacted] and [redacted] again [redacted]');
	});

	test('ignores empty and very short strings, which would shred the text', () => {
		assert.equal(redactText('a b c', ['', 'a', 'b']), 'a b c');
	});
});

test('looksSecret tells tokens from names', () => {
	for (const secret of ['eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln', 'k8s-aws-v1.aHR0cHM6Ly9zdHM', 'wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY1', 'f0e4c2f76c58916ec258f246851bea091d14d4247a2fc3e18694461b1816e13b']) {
		assert.equal(looksSecret(secret), true, secret);
	}
	for (const plain of ['gke_acme-prod-4821_us-central1_autopilot-main', '/usr/local/bin/aws', 'arn:aws:iam::123456789012:role/platform-admin', 'prod-platform', 'client.authentication.k8s.io/v1beta1']) {
		assert.equal(looksSecret(plain), false, plain);
	}
});
