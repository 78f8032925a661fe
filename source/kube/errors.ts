// Turns what comes back from an API server (HTTP status + Status body) or from the network (errno,
// TLS codes) into a KubeError with a one-line cause and the next step. Messages quote the server,
// which names verbs and resources but never our credentials.
import type {KStatus} from '../domain/k8s.js';
import {KubeError} from '../errors.js';
import {reloginHint, type AuthKind} from './auth-kind.js';

export type ErrorContext = {
	readonly server: string;
	readonly context: string;
	readonly user: string;
	readonly auth: AuthKind;
	/** What we tried, for the message: `list nodes`, `create pod in prg`. */
	readonly action: string;
	readonly namespace?: string;
	/** How many attempts were made (retries included). */
	readonly attempts?: number;
};

export function parseStatus(body: string): KStatus | null {
	try {
		const parsed = JSON.parse(body) as unknown;
		if (parsed !== null && typeof parsed === 'object' && (parsed as KStatus).kind === 'Status') return parsed as KStatus;
	} catch {
		// not JSON: a proxy's HTML page, or the plain-text 429 of the API server's max-in-flight filter
	}
	return null;
}

export function errorFromResponse(code: number, body: string, retryAfter: number | null, context: ErrorContext): KubeError {
	const status = parseStatus(body) ?? {code, message: firstLine(body) || `HTTP ${code}`};
	return errorFromStatus({...status, code}, context, retryAfter);
}

/** Status objects also arrive inside a watch stream as ERROR events. */
export function errorFromStatus(status: KStatus, context: ErrorContext, retryAfter: number | null = null): KubeError {
	const code = status.code ?? 500;
	const full = oneLine(status.message ?? status.reason ?? `HTTP ${code}`);
	// A cause stays one readable line; the server's whole text can run to kilobytes.
	const message = clip(full, 400);
	const admission = admissionHint(full, context);
	if (admission !== null && code >= 400 && code < 500) return new KubeError('admission', shortAdmission(full), admission, code);
	switch (code) {
		case 401:
			return new KubeError('unauthorized', `${context.server} refused the credentials of user "${context.user}" (context ${context.context}): ${message}`, reloginHint(context.auth, context.user), code);
		case 403:
			return new KubeError('forbidden', message, rbacHint(full, context), code);
		case 404:
			return new KubeError('not-found', `${context.action}: ${message}`, notFoundHint(status, context), code);
		case 409:
			return new KubeError('conflict', `${context.action}: ${message}`, 'it already exists or changed meanwhile; run the command again', code);
		case 410:
			return new KubeError('gone', `${context.action}: ${message}`, 'the resourceVersion expired; list again and resume from the new one', code);
		case 400:
		case 422:
			return new KubeError('invalid', `${context.action}: ${clip(withCauses(message, status), 400)}`, 'check --image, --image-pull-secret and -n; if they are right, send `prg-doctor report` to support', code);
		default: {
			const tries = context.attempts !== undefined && context.attempts > 1 ? ` after ${context.attempts} attempts` : '';
			const what = code === 429 ? 'is overloaded (429 Too Many Requests)' : `answered ${code}${status.reason ? ` ${status.reason}` : ''}`;
			const seconds = retryAfter ?? status.details?.retryAfterSeconds ?? null;
			return new KubeError('server', `${context.action}: ${context.server} ${what}${tries}: ${message}`, code === 429 || code >= 500 ? 'the API server is busy or failing; retry in a minute, or lower --concurrency' : 'send `prg-doctor report` to support', code, seconds);
		}
	}
}

/** Network and TLS failures; `code` is the errno or OpenSSL code Node reports. */
export function errorFromNetwork(error: unknown, context: ErrorContext): KubeError {
	if (error instanceof KubeError) return error;
	const {code, message} = error as NodeJS.ErrnoException & {message: string};
	const server = context.server;
	const where = `${server} (context ${context.context})`;
	const host = hostOf(server);
	const via = proxyOf(error, server);
	if (via !== null && (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'ETIMEDOUT' || code === 'EHOSTUNREACH' || code === 'ENETUNREACH')) {
		const what = code === 'ECONNREFUSED' ? `refused the connection` : code === 'ENOTFOUND' || code === 'EAI_AGAIN' ? 'does not resolve' : 'cannot be reached';
		return new KubeError('unreachable', `the proxy ${via} ${what} (on the way to ${where})`, "check the proxy: proxy-url in the kubeconfig's cluster, else HTTPS_PROXY / NO_PROXY", null);
	}
	switch (code) {
		case 'ECONNREFUSED':
			return new KubeError('unreachable', `connection refused by ${where}`, 'is the cluster running? kind: `docker ps`, minikube: `minikube status`; else check the server URL and your VPN', null);
		case 'ENOTFOUND':
		case 'EAI_AGAIN':
			return new KubeError('unreachable', `cannot resolve ${host} (context ${context.context})`, 'check DNS and your VPN: private cluster endpoints resolve only inside their network', null);
		case 'EHOSTUNREACH':
		case 'ENETUNREACH':
		case 'EHOSTDOWN':
			return new KubeError('unreachable', `no route to ${where}`, 'check your network, VPN or firewall; private endpoints need the VPN', null);
		case 'ETIMEDOUT':
			return new KubeError('unreachable', `connection to ${where} timed out`, 'check your network, VPN or firewall, and that the server URL is right', null);
		case 'ERR_TLS_HANDSHAKE_TIMEOUT':
			return new KubeError('unreachable', `${where} accepted the connection but never completed the TLS handshake`, "check that the server URL's port is the API server's; a firewall or proxy may be holding the connection", null);
		case 'ECONNRESET':
		case 'EPIPE':
			return new KubeError('unreachable', `connection to ${where} was reset during ${context.action}`, 'a proxy or load balancer closed it; run the command again', null);
	}
	if (code !== undefined && tlsTrust.has(code)) {
		return new KubeError('tls', `${where} presented a certificate the kubeconfig's CA does not trust (${code})`, "the kubeconfig's certificate-authority is stale (cluster recreated?) or a TLS-intercepting proxy is in the way: regenerate the kubeconfig with your provider's tool", null);
	}
	if (code === 'CERT_HAS_EXPIRED') return new KubeError('tls', `the certificate of ${where} has expired`, "check this machine's clock; else the control plane's certificates need renewing (kubeadm certs renew)", null);
	if (code === 'CERT_NOT_YET_VALID') return new KubeError('tls', `the certificate of ${where} is not valid yet`, "check this machine's clock", null);
	if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
		return new KubeError('tls', `the certificate of ${where} is not issued for ${host}`, 'use the host name the certificate names, or set tls-server-name for the cluster in the kubeconfig', null);
	}
	if (code === 'EPROTO' || code === 'ERR_SSL_WRONG_VERSION_NUMBER' || /wrong version number/i.test(message ?? '')) {
		return new KubeError('tls', `${where} does not speak TLS`, 'check the scheme of the server URL (https:// vs http://) and its port', null);
	}
	if (code !== undefined && /^ERR_SSL_.*(ALERT_BAD_CERTIFICATE|ALERT_CERTIFICATE|ALERT_UNKNOWN_CA|CERTIFICATE_REQUIRED)/.test(code)) {
		return new KubeError('auth', `${where} rejected the client certificate of user "${context.user}" (${code})`, reloginHint({type: 'client-cert'}, context.user), null);
	}
	if (code !== undefined && /^ERR_OSSL_/.test(code)) {
		return new KubeError('auth', `the client certificate or key of user "${context.user}" is unusable (${code})`, 'regenerate the kubeconfig; the key must match the certificate', null);
	}
	return new KubeError('unreachable', `${context.action} on ${where} failed: ${oneLine(message ?? String(error))}${code ? ` (${code})` : ''}`, 'check your network and the server URL, then run the command again', null);
}

/** `timeoutMs` null: the caller's own deadline (an AbortSignal.timeout) ran out. */
export function timeoutError(context: ErrorContext, timeoutMs: number | null): KubeError {
	const within = timeoutMs === null ? 'in time' : `within ${formatSeconds(timeoutMs)}`;
	return new KubeError('timeout', `${context.action}: no answer from ${context.server} ${within} (context ${context.context})`, 'the server is slow or unreachable; check the network, or retry', null);
}

export function abortedError(context: ErrorContext): KubeError {
	return new KubeError('aborted', `${context.action}: cancelled`, 'nothing to do', null);
}

const tlsTrust = new Set([
	'DEPTH_ZERO_SELF_SIGNED_CERT',
	'SELF_SIGNED_CERT_IN_CHAIN',
	'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
	'UNABLE_TO_GET_ISSUER_CERT',
	'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
	'CERT_SIGNATURE_FAILURE',
	'CERT_UNTRUSTED',
]);

function admissionHint(message: string, context: ErrorContext): string | null {
	const namespace = context.namespace ?? 'the namespace';
	const psa = /violates PodSecurity "([a-z]+):[^"]*"/.exec(message);
	if (psa) {
		return `${namespace} enforces Pod Security "${psa[1]}", which refuses the probe's Unconfined seccomp profile: probe in a namespace labelled pod-security.kubernetes.io/enforce=privileged (-n), or ask an admin to label one`;
	}
	if (/unable to validate against any security context constraint/.test(message)) {
		return "OpenShift's restricted-v2 SCC refuses the probe (Unconfined seccomp, UID 3377): grant the custom SCC from the README to your user, then probe again";
	}
	const webhook = /admission webhook "([^"]+)" denied the request/.exec(message);
	if (webhook) return `the policy webhook "${webhook[1]}" refused the pod: ask its owners to exempt pods labelled app.kubernetes.io/name=prg-probe, or probe in another namespace (-n)`;
	if (/exceeded quota/.test(message)) return `${namespace} is out of ResourceQuota: free some, or probe in another namespace (-n)`;
	if (/ValidatingAdmissionPolicy|denied request: /.test(message)) return 'an admission policy refused the pod: ask a cluster admin for an exemption, or probe in another namespace (-n)';
	return null;
}

const sccRefusal = 'unable to validate against any security context constraint';
const maxCause = 280;

/**
 * OpenShift lists every SCC provider it tried (~1,300 characters, mostly "not usable by user or
 * serviceaccount"); the cause keeps what restricted-v2 objected to. Other refusals are cut to a line.
 */
export function shortAdmission(message: string): string {
	const at = message.indexOf(sccRefusal);
	const open = message.indexOf('[', at);
	if (at >= 0 && open >= 0) {
		const entries = message.slice(open + 1, message.lastIndexOf(']')).split(/, (?=provider )/);
		const objections = [...new Set(entries
			.filter(entry => /^provider "?restricted-v2"?: /.test(entry))
			.map(entry => entry.replace(/^provider "?restricted-v2"?: /, '').replace(/^[.\w[\]]*?\.?(\w+(?:\.type)?): /, '$1: ').replace(/(Invalid value|Forbidden): /g, '')))];
		if (objections.length > 0) return clip(`${message.slice(0, at).replace(/:\s*$/, '')}: OpenShift SCC restricted-v2 refuses it: ${objections.join('; ')}`);
	}
	return clip(message);
}

function clip(text: string, max = maxCause): string {
	return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function rbacHint(message: string, context: ErrorContext): string {
	const match = /cannot (\S+) resource "([^"]+)"(?: in API group "([^"]*)")?(?: in the namespace "([^"]+)")?/.exec(message);
	if (!match) return 'ask a cluster admin for the Role in the README, and check with `kubectl auth can-i --list`';
	const [, verb, resource, group, namespace] = match;
	const qualified = group ? `${resource}.${group}` : resource;
	const scope = namespace ? ` -n ${namespace}` : '';
	return `ask a cluster admin for the Role in the README; check with \`kubectl auth can-i ${verb} ${qualified}${scope}\``;
}

function notFoundHint(status: KStatus, context: ErrorContext): string {
	if (status.details?.kind === 'namespaces') return `check the namespace name (-n), or create it: kubectl create namespace ${status.details.name ?? context.namespace ?? 'NAME'}`;
	if (status.reason === undefined && status.details === undefined) return `is ${context.server} a Kubernetes API server? check the server URL in the kubeconfig`;
	return 'it no longer exists; run the command again';
}

function withCauses(message: string, status: KStatus): string {
	const causes = (status.details?.causes ?? [])
		.map(cause => [cause.field, cause.message].filter(Boolean).join(': '))
		.filter(text => text !== '' && !message.includes(text));
	return causes.length > 0 ? `${message} (${causes.join('; ')})` : message;
}

function firstLine(text: string): string {
	const line = text.split('\n').map(part => part.trim()).find(part => part !== '' && !part.startsWith('<')) ?? '';
	return line.length > 200 ? `${line.slice(0, 200)}…` : line;
}

function oneLine(text: string): string {
	return text.replace(/\s*\n\s*/g, ' ').trim();
}

/**
 * The endpoint a connection error names (Node puts `hostname`, or `address` and `port`, on it) when
 * that is not the API server: the proxy the request went through. Null when it is the server.
 */
function proxyOf(error: unknown, server: string): string | null {
	const {hostname, address, port} = error as {hostname?: unknown; address?: unknown; port?: unknown};
	let url: URL;
	try {
		url = new URL(server);
	} catch {
		return null;
	}
	const serverHost = url.hostname.replace(/^\[|\]$/g, '');
	const serverPort = Number(url.port || (url.protocol === 'http:' ? 80 : 443));
	if (typeof hostname === 'string' && hostname !== '' && hostname.toLowerCase() !== serverHost.toLowerCase()) return hostname;
	// `address` is the resolved IP, which differs from a host name in the URL: only the port tells.
	if (typeof address === 'string' && typeof port === 'number' && port !== serverPort) return `${address}:${port}`;
	return null;
}

function hostOf(server: string): string {
	try {
		return new URL(server).hostname;
	} catch {
		return server;
	}
}

function formatSeconds(ms: number): string {
	return ms >= 1000 ? `${Math.round(ms / 100) / 10}s` : `${ms}ms`;
}
