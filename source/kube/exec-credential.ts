// Runs a client-go credential plugin (`aws eks get-token`, gke-gcloud-auth-plugin, kubelogin, …)
// the way kubectl does, and caches its ExecCredential until it expires. We run it ourselves rather
// than through client-node so a failure can name the command, its exit code and first stderr line,
// and so 50 concurrent probes share one plugin run instead of starting 50.
import {spawn, type ChildProcess} from 'node:child_process';
import type {Socket} from 'node:net';
import {basename} from 'node:path';
import {KubeError} from '../errors.js';
import type {RawCluster, RawExec} from './kubeconfig-merge.js';
import {kubeconfigSecrets, redactText} from './redact.js';

export type ExecCredential = {
	token: string | null;
	clientCertificateData: string | null;
	clientKeyData: string | null;
	/** Epoch ms; null: valid until the server refuses it. */
	expiresAt: number | null;
};

export type ExecCredentialOptions = {
	readonly context: string;
	readonly cluster: RawCluster & {server: string};
	/** The environment the plugin inherits (kubectl passes its own). */
	readonly env?: NodeJS.ProcessEnv;
	readonly timeoutMs?: number;
	/** Refresh this long before the expiry the plugin announced. */
	readonly skewMs?: number;
	readonly now?: () => number;
};

/**
 * A credential that arrives already expired (or inside the skew) is still used for a few seconds:
 * otherwise every request would run the plugin. If the server refuses it, a 401 refreshes it.
 */
const minReuseMs = 5_000;

export class ExecCredentialSource {
	#cached: ExecCredential | null = null;
	#pending: Promise<ExecCredential> | null = null;
	#fetchedAt = 0;
	#child: ChildProcess | null = null;
	#waiters = 0;

	constructor(
		readonly exec: RawExec,
		readonly options: ExecCredentialOptions,
	) {}

	/**
	 * The cached credential while it is valid; otherwise one plugin run shared by every caller.
	 * A caller that gives up aborts `signal`: once nobody waits, a still-running plugin no longer
	 * keeps the process alive (it keeps running, so a later get() may still use its answer).
	 */
	async get(signal?: AbortSignal): Promise<ExecCredential> {
		const now = (this.options.now ?? Date.now)();
		const cached = this.#cached;
		if (cached && (cached.expiresAt === null || cached.expiresAt - (this.options.skewMs ?? 30_000) > now || now - this.#fetchedAt < minReuseMs)) return cached;
		if (signal?.aborted) throw signal.reason;
		this.#waiters++;
		setReferenced(this.#child, true);
		let left = false;
		const leave = () => {
			if (left) return;
			left = true;
			this.#waiters--;
			if (this.#waiters === 0) setReferenced(this.#child, false);
		};
		signal?.addEventListener('abort', leave, {once: true});
		try {
			this.#pending ??= this.#run().then(
				credential => {
					this.#cached = credential;
					this.#fetchedAt = (this.options.now ?? Date.now)();
					this.#pending = null;
					return credential;
				},
				(error: unknown) => {
					this.#pending = null;
					throw error;
				},
			);
			return await this.#pending;
		} finally {
			signal?.removeEventListener('abort', leave);
			leave();
		}
	}

	/** After a 401: the next get() runs the plugin again. */
	invalidate(): void {
		this.#cached = null;
	}

	get command(): string {
		return this.exec.command ?? '';
	}

	#run(): Promise<ExecCredential> {
		const command = this.command;
		const name = basename(command);
		const timeoutMs = this.options.timeoutMs ?? 60_000;
		const apiVersion = this.exec.apiVersion ?? 'client.authentication.k8s.io/v1beta1';
		const env: NodeJS.ProcessEnv = {...(this.options.env ?? process.env)};
		for (const entry of this.exec.env ?? []) if (entry && typeof entry.name === 'string') env[entry.name] = String(entry.value ?? '');
		env.KUBERNETES_EXEC_INFO = JSON.stringify({
			apiVersion,
			kind: 'ExecCredential',
			spec: {interactive: false, ...(this.exec.provideClusterInfo ? {cluster: clusterInfo(this.options.cluster)} : {})},
		});
		const where = `(context ${this.options.context})`;
		// We draw the screen, so a plugin never gets the terminal; one that insists cannot run here.
		if (this.exec.interactiveMode === 'Always') {
			return Promise.reject(new KubeError('auth', `credential plugin ${name} needs an interactive terminal (interactiveMode: Always) ${where}`, `log in once in a terminal (\`kubectl get --raw /version --context ${this.options.context}\`) so it caches a token, then retry`));
		}
		return new Promise((resolve, reject) => {
			const child = spawn(command, (this.exec.args ?? []).map(String), {env, stdio: ['ignore', 'pipe', 'pipe']});
			this.#child = child;
			if (this.#waiters === 0) setReferenced(child, false);
			child.on('close', () => {
				if (this.#child === child) this.#child = null;
			});
			const stdout: Buffer[] = [];
			const stderr: Buffer[] = [];
			let failed = false;
			const timer = setTimeout(() => {
				failed = true;
				child.kill('SIGKILL');
				reject(new KubeError('auth', `credential plugin ${name} did not answer within ${timeoutMs >= 1000 ? `${Math.round(timeoutMs / 1000)}s` : `${timeoutMs}ms`} ${where}`, `it may be waiting for a browser or device-code login: log in once in a terminal (\`kubectl get --raw /version --context ${this.options.context}\`), then retry`));
			}, timeoutMs);
			timer.unref();
			child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
			child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
			child.on('error', (error: NodeJS.ErrnoException) => {
				clearTimeout(timer);
				if (failed) return;
				failed = true;
				reject(spawnError(error, command, this.exec, where));
			});
			child.on('close', code => {
				clearTimeout(timer);
				if (failed) return;
				const out = Buffer.concat(stdout).toString('utf8');
				if (code !== 0) {
					const first = Buffer.concat(stderr).toString('utf8').split('\n').map(line => line.trim()).find(line => line !== '') ?? '(no output)';
					// A plugin may echo what it was given (a token in its env, a secret flag) in its error.
					const secrets = [out.trim(), ...kubeconfigSecrets(this.exec)];
					const line = redactText(first, secrets).slice(0, 300);
					reject(new KubeError('auth', `credential plugin ${name} failed (exit ${code ?? 'signal'}) ${where}: ${line}`, redactText(failureHint(name, this.exec.args ?? []), secrets)));
					return;
				}
				try {
					resolve(parseExecCredential(out, this.options.now ?? Date.now));
				} catch (error) {
					reject(new KubeError('auth', `credential plugin ${name} printed no usable ExecCredential ${where}: ${(error as Error).message}`, `run it yourself and check its output: ${[command, ...(this.exec.args ?? [])].join(' ')}`));
				}
			});
		});
	}
}

export function parseExecCredential(text: string, now: () => number = Date.now): ExecCredential {
	let parsed: unknown;
	try {
		parsed = JSON.parse(text);
	} catch {
		throw new Error('its output is not JSON');
	}
	const status = (parsed as {status?: Record<string, unknown>} | null)?.status;
	if (!status || typeof status !== 'object') throw new Error('no status in its output');
	const token = typeof status.token === 'string' && status.token !== '' ? status.token : null;
	const cert = typeof status.clientCertificateData === 'string' ? status.clientCertificateData : null;
	const key = typeof status.clientKeyData === 'string' ? status.clientKeyData : null;
	if (token === null && (cert === null || key === null)) throw new Error('neither a token nor a client certificate and key');
	const expiry = typeof status.expirationTimestamp === 'string' ? Date.parse(status.expirationTimestamp) : Number.NaN;
	// An expiry already in the past still allows this one use; it forces a fresh run next time.
	return {token, clientCertificateData: cert, clientKeyData: key, expiresAt: Number.isNaN(expiry) ? null : Math.max(expiry, now())};
}

function spawnError(error: NodeJS.ErrnoException, command: string, exec: RawExec, where: string): KubeError {
	const name = basename(command);
	if (error.code === 'ENOENT') {
		return new KubeError('auth', `credential plugin ${command} is not installed or not on PATH ${where}`, installHint(name, exec));
	}
	if (error.code === 'EACCES') return new KubeError('auth', `credential plugin ${command} is not executable ${where}`, `chmod +x ${command}, or fix users[].user.exec.command in the kubeconfig`);
	return new KubeError('auth', `credential plugin ${command} could not start ${where}: ${error.message}`, 'fix users[].user.exec.command in the kubeconfig');
}

function installHint(name: string, exec: RawExec): string {
	if (name === 'aws') return 'install the AWS CLI v2 (https://docs.aws.amazon.com/cli/latest/userguide/getting-started-install.html), then check `aws --version`';
	if (name === 'aws-iam-authenticator') return 'install aws-iam-authenticator, or switch to the AWS CLI: `aws eks update-kubeconfig --name CLUSTER`';
	if (name === 'gke-gcloud-auth-plugin') return 'install it: `gcloud components install gke-gcloud-auth-plugin` (or your package manager\'s google-cloud-cli-gke-gcloud-auth-plugin)';
	if (name === 'kubelogin') return 'install it: `az aks install-cli`, or `brew install Azure/kubelogin/kubelogin`';
	if (name === 'kubectl' && (exec.args ?? []).includes('oidc-login')) return 'install the plugin: `kubectl krew install oidc-login`';
	if (name === 'doctl') return 'install doctl: https://docs.digitalocean.com/reference/doctl/how-to/install/';
	// The kubeconfig's own installHint (kubectl prints it too), on one line: it often ends in the URL.
	const hint = typeof exec.installHint === 'string' ? exec.installHint.split('\n').map(line => line.trim()).filter(line => line !== '').join(' ') : '';
	return hint !== '' ? hint : `install ${name}, or fix users[].user.exec.command in the kubeconfig`;
}

function failureHint(name: string, args: readonly unknown[]): string {
	if (name === 'aws') return 'refresh your AWS credentials (`aws sso login`, or check AWS_PROFILE and AWS_REGION), then retry';
	if (name === 'gke-gcloud-auth-plugin') return 'run `gcloud auth login` (and `gcloud auth application-default login` if it asks), then retry';
	if (name === 'kubelogin') return 'run `az login`, then retry';
	if (name === 'kubectl' && args.includes('oidc-login')) return 'log in again: run `kubectl oidc-login get-token` with the same arguments in a terminal';
	return `run it yourself to see the whole error: ${name} ${args.join(' ')}`.trim();
}

function clusterInfo(cluster: RawCluster & {server: string}): Record<string, unknown> {
	return {
		server: cluster.server,
		'tls-server-name': cluster['tls-server-name'],
		'insecure-skip-tls-verify': cluster['insecure-skip-tls-verify'],
		'certificate-authority-data': cluster['certificate-authority-data'],
		'proxy-url': cluster['proxy-url'],
		config: (cluster.extensions as {name?: string; extension?: unknown}[] | undefined)?.find(entry => entry?.name === 'client.authentication.k8s.io/exec')?.extension,
	};
}

function setReferenced(child: ChildProcess | null, referenced: boolean): void {
	if (!child) return;
	for (const handle of [child, child.stdout as Socket | null, child.stderr as Socket | null]) {
		if (referenced) handle?.ref();
		else handle?.unref();
	}
}
