// Credentials and TLS for one context. client-node (loaded lazily, only here) applies what it does
// well: CA and client certificates, tokens, OIDC and legacy auth-providers, insecure-skip-tls-verify,
// tls-server-name, proxy-url (else HTTPS_PROXY/NO_PROXY, as kubectl reads them). Exec plugins and
// token files are ours (exec-credential.ts), so their refresh and failure messages are under our
// control. Requests themselves go over node:https with a keep-alive agent sized for ~50 concurrent
// probes.
import {readFile} from 'node:fs/promises';
import http from 'node:http';
import https from 'node:https';
import type {KubeConfig} from '@kubernetes/client-node';
import {KubeError} from '../errors.js';
import {authKindOf, isRefreshable, type AuthKind} from './auth-kind.js';
import {ExecCredentialSource} from './exec-credential.js';
import {proxyFromEnvironment} from './proxy-env.js';
import {applyDirect, isDirect} from './direct-tls.js';
import type {ResolvedContext} from './kubeconfig.js';

export type Connection = {
	readonly agent: http.Agent;
	readonly headers: Readonly<Record<string, string>>;
	/** Our own pool, connecting straight to the server (no proxy in between). */
	readonly direct: boolean;
};

type Tls = {ca?: unknown; cert?: unknown; key?: unknown; passphrase?: string; rejectUnauthorized?: boolean; servername?: string};
type Applied = {tls: Tls; headers: Record<string, string>; proxyAgent: http.Agent | null};

/** Re-read refreshable credentials at most this often, unless a 401 says they went stale. */
const refreshEveryMs = 60_000;
const maxSockets = 64;
/**
 * Idle pooled connections close after this long, well before load balancers drop them (60 s and
 * more), so a create rarely meets a socket that is already dead: it would not be re-sent.
 */
const idleSocketMs = 20_000;

export class ClusterAuth {
	readonly kind: AuthKind;
	readonly #resolved: ResolvedContext;
	readonly #exec: ExecCredentialSource | null;
	#kc: Promise<KubeConfig> | null = null;
	#applied: Applied | null = null;
	#applying: Promise<Applied> | null = null;
	#appliedAt = 0;
	#tokenFile: {token: string; readAt: number} | null = null;
	#agent: {agent: http.Agent; tls: Tls} | null = null;
	readonly #secure: boolean;
	readonly #proxyUrl: string | null;
	/** Plain CA + token / client certificate / exec / token file: applied without client-node. */
	readonly #direct: boolean;

	constructor(resolved: ResolvedContext) {
		this.#resolved = resolved;
		this.kind = authKindOf(resolved.user);
		this.#secure = !resolved.cluster.server.startsWith('http:');
		this.#exec = resolved.user.exec ? new ExecCredentialSource(resolved.user.exec, {context: resolved.name, cluster: resolved.cluster, env: resolved.env}) : null;
		this.#proxyUrl = resolved.cluster['proxy-url'] || proxyFromEnvironment(resolved.cluster.server, resolved.env);
		this.#direct = isDirect(resolved.cluster, resolved.user, this.#proxyUrl);
	}

	get refreshable(): boolean {
		return isRefreshable(this.kind);
	}

	/**
	 * Agent and headers for the next request; refreshes credentials that may have expired. A caller
	 * that stops waiting aborts `signal`, so no plugin is started for nobody or kept waited on.
	 */
	async connection(signal?: AbortSignal): Promise<Connection> {
		const now = Date.now();
		let applied = this.#applied;
		if (applied === null || (this.kind.type === 'auth-provider' && now - this.#appliedAt > refreshEveryMs)) {
			// Fifty probes starting at once share one apply (and one OIDC refresh: refresh tokens rotate).
			this.#applying ??= (this.#direct ? this.#applyDirect() : this.#applyClientNode()).finally(() => {
				this.#applying = null;
			});
			applied = await this.#applying;
			if (this.#applied !== applied) {
				this.#applied = applied;
				this.#appliedAt = now;
			}
		}
		const headers: Record<string, string> = {...applied.headers};
		let tls = applied.tls;
		if (this.#exec) {
			const credential = await this.#exec.get(signal);
			if (credential.token !== null) headers.authorization = `Bearer ${credential.token}`;
			if (credential.clientCertificateData !== null && credential.clientKeyData !== null) {
				tls = {...tls, cert: credential.clientCertificateData, key: credential.clientKeyData};
			}
		}
		if (this.#resolved.user.tokenFile) headers.authorization = `Bearer ${await this.#readTokenFile(now)}`;
		return {agent: applied.proxyAgent ?? this.#agentFor(tls), headers, direct: applied.proxyAgent === null};
	}

	/** After a 401: fetch credentials again on the next request. */
	invalidate(): void {
		this.#exec?.invalidate();
		this.#tokenFile = null;
		if (this.kind.type === 'auth-provider') this.#appliedAt = 0;
	}

	close(): void {
		this.#agent?.agent.destroy();
		this.#applied?.proxyAgent?.destroy();
	}

	#agentFor(tls: Tls): http.Agent {
		if (this.#agent && sameTls(this.#agent.tls, tls)) return this.#agent.agent;
		// The old pool is not destroyed: requests may still run on it; its idle sockets time out.
		const options = {keepAlive: true, maxSockets, scheduling: 'lifo' as const, timeout: idleSocketMs};
		const agent = this.#secure ? new https.Agent({...options, ...(tls as https.AgentOptions)}) : new http.Agent(options);
		this.#agent = {agent, tls};
		return agent;
	}

	async #readTokenFile(now: number): Promise<string> {
		const path = this.#resolved.user.tokenFile!;
		if (this.#tokenFile && now - this.#tokenFile.readAt < refreshEveryMs) return this.#tokenFile.token;
		try {
			const token = (await readFile(path, 'utf8')).trim();
			this.#tokenFile = {token, readAt: now};
			return token;
		} catch (error) {
			throw unreadable(path, `user "${this.#resolved.userName}"`, error);
		}
	}

	/** Loads client-node (when this context needs it) and reads the context into it: local work, no network and no plugin. */
	async load(): Promise<void> {
		if (!this.#direct) await this.#kubeConfig();
	}

	async #applyDirect(): Promise<Applied> {
		const {exec: _exec, tokenFile: _tokenFile, ...user} = this.#resolved.user;
		const owner = `context "${this.#resolved.name}"`;
		const {tls, headers} = await applyDirect(this.#resolved.cluster, user, (path, error) => unreadable(path, owner, error), (what) => new KubeError('config', `the kubeconfig entry for ${owner}: ${what}`, "regenerate the kubeconfig with your provider's tool (a *-data field is the base64 of a PEM file)"));
		return {tls, headers, proxyAgent: null};
	}

	// One KubeConfig per context for the client's life: its OIDC authenticator keeps the refreshed
	// id-token (and a rotated refresh-token) in memory; rebuilding it would refresh every time.
	#kubeConfig(): Promise<KubeConfig> {
		this.#kc ??= this.#buildKubeConfig();
		// A failed build (say, an unreadable kubeconfig entry) is reported again, not cached.
		this.#kc.catch(() => {
			this.#kc = null;
		});
		return this.#kc;
	}

	async #buildKubeConfig(): Promise<KubeConfig> {
		const resolved = this.#resolved;
		// client-node's OIDC client says only "Unexpected end of data" for a CA that is not PEM.
		const idpCa = (resolved.user['auth-provider'] as {config?: Record<string, unknown>} | undefined)?.config?.['idp-certificate-authority-data'];
		if (typeof idpCa === 'string' && idpCa !== '' && !Buffer.from(idpCa, 'base64').includes('-----BEGIN CERTIFICATE-----')) {
			throw new KubeError('config', `the kubeconfig entry for context "${resolved.name}": idp-certificate-authority-data holds no PEM certificate`, "regenerate the kubeconfig with your provider's tool (a *-data field is the base64 of a PEM file)");
		}
		const {KubeConfig} = await import('@kubernetes/client-node');
		const {exec: _exec, tokenFile: _tokenFile, ...user} = resolved.user;
		const kc = new KubeConfig();
		try {
			kc.loadFromString(JSON.stringify({
				apiVersion: 'v1',
				kind: 'Config',
				// client-node refuses a plain-http server (kubectl proxy) unless TLS checks are off; there are none to do.
				clusters: [{name: resolved.clusterName, cluster: {...resolved.cluster, ...(this.#secure ? {} : {'insecure-skip-tls-verify': true}), ...(this.#proxyUrl ? {'proxy-url': this.#proxyUrl} : {})}}],
				users: [{name: resolved.userName, user}],
				contexts: [{name: resolved.name, context: {cluster: resolved.clusterName, user: resolved.userName, namespace: resolved.namespace}}],
				'current-context': resolved.name,
			}));
		} catch (error) {
			throw new KubeError('config', `context "${resolved.name}" cannot be used: ${(error as Error).message}`, 'fix that entry in the kubeconfig, or regenerate it with your provider\'s tool');
		}
		return kc;
	}

	async #applyClientNode(): Promise<Applied> {
		const resolved = this.#resolved;
		const kc = await this.#kubeConfig();
		const options: https.RequestOptions = {headers: {}};
		try {
			await kc.applyToHTTPSOptions(options);
		} catch (error) {
			const path = (error as NodeJS.ErrnoException).path;
			if (path) throw unreadable(path, `context "${resolved.name}"`, error);
			throw new KubeError('auth', `cannot apply the credentials of user "${resolved.userName}" (context ${resolved.name}): ${firstLine((error as Error).message)}`, 'log in again with your provider\'s tool, or regenerate the kubeconfig');
		}
		const headers: Record<string, string> = {};
		for (const [name, value] of Object.entries(options.headers ?? {})) {
			if (typeof value === 'string' || typeof value === 'number') headers[name.toLowerCase()] = String(value);
		}
		if (typeof options.auth === 'string') headers.authorization = `Basic ${Buffer.from(options.auth).toString('base64')}`;
		const tls: Tls = {ca: options.ca, cert: options.cert, key: options.key, passphrase: options.passphrase, rejectUnauthorized: options.rejectUnauthorized, servername: options.servername};
		for (const key of Object.keys(tls) as (keyof Tls)[]) if (tls[key] === undefined || tls[key] === null) delete tls[key];
		// client-node builds the proxy agents (http, https and socks); without a proxy we keep our own pool.
		const proxyAgent = this.#proxyUrl ? (options.agent as http.Agent | undefined) ?? null : null;
		return {tls, headers, proxyAgent};
	}
}

// Re-applied credentials come back as fresh Buffers; only a real change (say, a new client
// certificate from an exec plugin) may cost the pooled connections.
function sameTls(a: Tls, b: Tls): boolean {
	const same = (x: unknown, y: unknown) => x === y || (x !== undefined && y !== undefined && x !== null && y !== null && Buffer.from(x as string).equals(Buffer.from(y as string)));
	return same(a.ca, b.ca) && same(a.cert, b.cert) && same(a.key, b.key) && a.rejectUnauthorized === b.rejectUnauthorized && a.servername === b.servername;
}

function unreadable(path: string, owner: string, error: unknown): KubeError {
	const code = (error as NodeJS.ErrnoException).code;
	const why = code === 'ENOENT' ? 'does not exist' : code === 'EACCES' ? 'is not readable' : `cannot be read (${code ?? 'error'})`;
	return new KubeError('config', `${path}, named in the kubeconfig for ${owner}, ${why}`, 'fix the path in the kubeconfig, or regenerate the kubeconfig with your provider\'s tool');
}

function firstLine(text: string): string {
	return text.split('\n').find(line => line.trim() !== '')?.trim() ?? text;
}
