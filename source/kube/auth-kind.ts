// What kind of credential a kubeconfig user holds: decides whether a 401 is worth one refresh and
// which re-login command the hint names. Pure: reads the user entry only.
import {basename} from 'node:path';
import type {RawUser} from './kubeconfig-merge.js';

export type AuthKind =
	| {type: 'exec'; command: string; args: readonly string[]}
	| {type: 'auth-provider'; provider: string}
	| {type: 'token' | 'token-file' | 'client-cert' | 'basic' | 'none'};

export function authKindOf(user: RawUser): AuthKind {
	if (user.exec && typeof user.exec.command === 'string') {
		return {type: 'exec', command: basename(user.exec.command), args: Array.isArray(user.exec.args) ? user.exec.args.map(String) : []};
	}
	if (user['auth-provider']) return {type: 'auth-provider', provider: user['auth-provider'].name ?? 'unknown'};
	if (user.token) return {type: 'token'};
	if (user.tokenFile) return {type: 'token-file'};
	if (user['client-certificate'] || user['client-certificate-data']) return {type: 'client-cert'};
	if (user.username) return {type: 'basic'};
	return {type: 'none'};
}

/** Credentials that a fresh fetch may fix, so one 401 earns one retry after a refresh. */
export function isRefreshable(kind: AuthKind): boolean {
	return kind.type === 'exec' || kind.type === 'auth-provider' || kind.type === 'token-file';
}

/** The next step after the server refused the credentials (401). */
export function reloginHint(kind: AuthKind, user: string): string {
	switch (kind.type) {
		case 'exec':
			return execReloginHint(kind.command, kind.args);
		case 'auth-provider':
			if (kind.provider === 'oidc') return `the OIDC id-token of user "${user}" expired and could not be refreshed: log in again with your identity provider's tool, which rewrites the kubeconfig`;
			if (kind.provider === 'gcp') return 'run `gcloud auth login`; the gcp auth-provider is retired, so also install gke-gcloud-auth-plugin and re-run `gcloud container clusters get-credentials`';
			if (kind.provider === 'azure') return 'the azure auth-provider is retired: run `az login`, then `kubelogin convert-kubeconfig -l azurecli`';
			return `log in again for user "${user}" (auth-provider ${kind.provider})`;
		case 'token':
			return `the bearer token of user "${user}" was refused (expired or revoked): get a new one and update the kubeconfig`;
		case 'token-file':
			return `the token file of user "${user}" holds a refused token (expired or revoked): refresh it`;
		case 'client-cert':
			return `the client certificate of user "${user}" was refused (expired, or from a recreated cluster): regenerate the kubeconfig (kind export kubeconfig, minikube update-context, or your provider's tool)`;
		case 'basic':
			return `the username/password of user "${user}" was refused: check them, or switch to a token or certificate`;
		case 'none':
			return `user "${user}" has no credentials: add a token, certificate or exec plugin to the kubeconfig`;
	}
}

function execReloginHint(command: string, args: readonly string[]): string {
	if (command === 'aws' || command === 'aws-iam-authenticator') {
		const cluster = valueAfter(args, '--cluster-name') ?? valueAfter(args, '-i') ?? 'CLUSTER';
		return `refresh your AWS credentials (\`aws sso login\`, or check AWS_PROFILE), then \`aws eks update-kubeconfig --name ${cluster}\`; if it persists, your IAM identity is not mapped in the cluster (EKS access entry or aws-auth ConfigMap)`;
	}
	if (command === 'gke-gcloud-auth-plugin' || command === 'gcloud') return 'run `gcloud auth login`, then `gcloud container clusters get-credentials CLUSTER`';
	if (command === 'kubelogin') return 'run `az login` (or your kubelogin login mode) and retry; `kubelogin remove-tokens` clears a stale cache';
	if (command === 'kubectl' && args.includes('oidc-login')) return 'log in again: `kubectl oidc-login get-token` opens the browser; `kubectl oidc-login clean` clears a stale cache';
	if (command === 'doctl') return 'run `doctl auth init`, then `doctl kubernetes cluster kubeconfig save CLUSTER`';
	if (command === 'oc') return 'run `oc login` again';
	return `the token printed by \`${command}\` was refused: log in again with it, then retry`;
}

function valueAfter(args: readonly string[], flag: string): string | null {
	const index = args.indexOf(flag);
	if (index >= 0 && index + 1 < args.length) return args[index + 1]!;
	const joined = args.find(arg => arg.startsWith(`${flag}=`));
	return joined ? joined.slice(flag.length + 1) : null;
}
