// Masks a kubeconfig for a support report: secrets always (tokens, keys, passwords, OIDC tokens,
// every exec plugin env value, arguments that carry credentials, URL query values), hosts when asked (server URLs,
// AWS account ids, names that embed either). Certificates are marked present, never printed.

const mask = '[redacted]';
const present = '[present, redacted]';

/** Keys whose string value is a credential, wherever they appear. */
const secretKeys = new Set(['token', 'id-token', 'refresh-token', 'access-token', 'client-secret', 'client-key-data', 'password', 'secret', 'apikey', 'api-key']);
/** Keys holding certificate material: not secret, but bulky and identifying. */
const dataKeys = new Set(['certificate-authority-data', 'client-certificate-data', 'idp-certificate-authority-data']);
const hostKeys = new Set(['server', 'proxy-url', 'tls-server-name', 'idp-issuer-url']);

/** Env names whose value is a credential, for finding it again in text (every env value is masked in the kubeconfig). */
const secretName = /token|secret|passw|pass$|passphrase|credential|api[-_]?key|private[-_]?key|access[-_]?key|_key|key_|^key$|(^|_)pat($|_)|role[-_]?id|auth/i;
/**
 * `--token`, `--client-secret`, kubelogin's `--oidc-client-secret`, `--refresh-token`, `--pass`,
 * `--client-key`, Vault's `--secret-id`…; not `--token-cache-dir`.
 */
const secretFlag = /^--?[\w-]*(token|password|passwd|pass|secret|secret-id|api-?key|access-key|private-key|client-key|key)$/i;
/** Credentials with a known shape: GitHub, GitLab and Slack tokens, AWS key ids, PEM keys. */
const knownToken = /^(gh[pousr]_[A-Za-z0-9]{20,}|github_pat_\w{20,}|glpat-[\w-]{16,}|xox[abpr]-[\w-]{10,}|AKIA[0-9A-Z]{16}|ASIA[0-9A-Z]{16})$|-----BEGIN [A-Z ]*PRIVATE KEY-----/;
/** Query values in a URL (`?token=…`): never needed to read a report, sometimes a credential. */
const queryValue = /([?&][^=&#\s]+=)([^&#\s]+)/g;
/** `scheme://user:PASSWORD@host`: proxy-url, and sometimes server URLs. */
const urlPassword = /^([a-z][a-z0-9+.-]*:\/\/[^/:@\s]*:)([^@/\s]+)(@)/i;
const accountId = /(?<![0-9])[0-9]{12}(?![0-9])/g;

export function redactKubeconfig(raw: unknown, options: {hosts: boolean}): unknown {
	const hosts = options.hosts ? hostMap(raw) : new Map<string, string>();
	return walk(raw, null, options.hosts, hosts);
}

/** Replaces every known secret in `text` (tokens echoed in logs, errors, plugin output). */
export function redactText(text: string, secrets: readonly string[]): string {
	const usable = [...new Set(secrets.filter(secret => secret.length >= 6))].sort((a, b) => b.length - a.length);
	let out = text;
	for (const secret of usable) out = out.split(secret).join(mask);
	return out;
}

/** Every secret string in a kubeconfig, for redactText(). */
export function kubeconfigSecrets(raw: unknown): string[] {
	const found: string[] = [];
	const visit = (value: unknown, key: string | null): void => {
		if (typeof value === 'string') {
			if (key !== null && secretKeys.has(key.toLowerCase()) && value !== '') found.push(value);
			const password = urlPassword.exec(value)?.[2];
			if (password) found.push(password, safeDecode(password));
			return;
		}
		if (Array.isArray(value)) {
			if (key === 'env') for (const item of value) collectEnvSecret(item, found);
			// `--flag=VALUE`: the value alone is what an error message would echo.
			if (key === 'args') for (const arg of secretArgs(value)) found.push(arg, ...(arg.startsWith('-') && arg.includes('=') ? [arg.slice(arg.indexOf('=') + 1)] : []));
			for (const item of value) visit(item, null);
			return;
		}
		if (value !== null && typeof value === 'object') {
			for (const [childKey, child] of Object.entries(value)) visit(child, childKey);
		}
	};
	visit(raw, null);
	return found;
}

export function looksSecret(value: string): boolean {
	if (knownToken.test(value)) return true;
	if (/^eyJ[\w-]+\.[\w-]+\.[\w-]*$/.test(value)) return true; // a JWT
	if (value.startsWith('k8s-aws-v1.')) return true; // an EKS token
	if (/^[a-f0-9]{40,}$/.test(value)) return true; // a hex secret
	// base64 of a random secret mixes cases and digits; cluster names and paths do not look like that
	return /^[A-Za-z0-9+/]{32,}={0,2}$/.test(value) && /[0-9]/.test(value) && /[a-z]/.test(value) && /[A-Z]/.test(value);
}

function walk(value: unknown, key: string | null, hosts: boolean, map: Map<string, string>): unknown {
	if (typeof value === 'string') return redactString(value, key, hosts, map);
	if (Array.isArray(value)) {
		if (key === 'env') return value.map(redactEnv);
		if (key === 'args') return redactArgs(value, hosts, map);
		return value.map(item => walk(item, null, hosts, map));
	}
	if (value !== null && typeof value === 'object') {
		const out: Record<string, unknown> = {};
		for (const [childKey, child] of Object.entries(value)) out[childKey] = walk(child, childKey, hosts, map);
		return out;
	}
	return value;
}

function redactString(value: string, key: string | null, hosts: boolean, map: Map<string, string>): string {
	const lower = key?.toLowerCase() ?? null;
	if (lower !== null && secretKeys.has(lower)) return value === '' ? value : mask;
	if (lower !== null && dataKeys.has(lower)) return value === '' ? value : present;
	value = value.replace(urlPassword, `$1${mask}$3`);
	if (value.includes('://')) value = value.replace(queryValue, `$1${mask}`);
	if (!hosts) return value;
	if (lower !== null && hostKeys.has(lower)) return maskUrl(value, map);
	return maskHosts(value, map);
}

/** Every value, whatever its name: a plugin's env is where people put keys (SPEC: always redacted). */
function redactEnv(item: unknown): unknown {
	if (item === null || typeof item !== 'object') return item;
	const entry = item as {name?: unknown; value?: unknown};
	if (typeof entry.value !== 'string') return item;
	return {...entry, value: entry.value === '' ? '' : mask};
}

function redactArgs(args: unknown[], hosts: boolean, map: Map<string, string>): unknown[] {
	const secrets = new Set(secretArgs(args));
	return args.map(arg => {
		if (typeof arg !== 'string') return arg;
		if (secrets.has(arg)) return arg.includes('=') && secretFlag.test(arg.slice(0, arg.indexOf('='))) ? `${arg.slice(0, arg.indexOf('='))}=${mask}` : mask;
		return hosts ? maskHosts(arg, map) : arg;
	});
}

/** Arguments that carry a credential: the value after `--token`, `--token=…`, or anything token-shaped. */
function secretArgs(args: unknown[]): string[] {
	const out: string[] = [];
	args.forEach((arg, index) => {
		if (typeof arg !== 'string') return;
		const previous = args[index - 1];
		const equals = arg.indexOf('=');
		if (typeof previous === 'string' && secretFlag.test(previous)) out.push(arg);
		else if (arg.startsWith('-') && equals > 0 && secretFlag.test(arg.slice(0, equals))) out.push(arg);
		else if (looksSecret(arg)) out.push(arg);
	});
	return out;
}

function collectEnvSecret(item: unknown, found: string[]): void {
	if (item === null || typeof item !== 'object') return;
	const entry = item as {name?: unknown; value?: unknown};
	if (typeof entry.value !== 'string' || entry.value === '') return;
	// Echoed in a plugin's error: a short value (a profile, a region) would shred the text, so only
	// secret-named, secret-shaped or long ones.
	if ((typeof entry.name === 'string' && secretName.test(entry.name)) || looksSecret(entry.value) || entry.value.length >= 16) found.push(entry.value);
}

/** Each distinct server host gets a stable placeholder, so the report still shows which contexts share one. */
function hostMap(raw: unknown): Map<string, string> {
	const map = new Map<string, string>();
	const visit = (value: unknown, key: string | null): void => {
		if (typeof value === 'string' && key !== null && hostKeys.has(key.toLowerCase())) {
			const host = hostOf(value);
			if (host !== null && !map.has(host)) map.set(host, `host-${map.size + 1}`);
			return;
		}
		if (Array.isArray(value)) for (const item of value) visit(item, null);
		else if (value !== null && typeof value === 'object') for (const [childKey, child] of Object.entries(value)) visit(child, childKey);
	};
	visit(raw, null);
	return map;
}

function hostOf(value: string): string | null {
	try {
		return new URL(value.includes('://') ? value : `https://${value}`).hostname.replace(/^\[|\]$/g, '') || null;
	} catch {
		return null;
	}
}

function maskUrl(value: string, map: Map<string, string>): string {
	const host = hostOf(value);
	if (host === null) return maskHosts(value, map);
	return maskHosts(replaceAll(value, host, map.get(host) ?? 'host'), map);
}

// Names embed hosts (OpenShift: `default/api-ocp-example-com:6443/kube:admin`) and ARNs embed
// account ids (`arn:aws:eks:eu-west-1:123456789012:cluster/prod`).
function maskHosts(value: string, map: Map<string, string>): string {
	let out = value;
	for (const [host, placeholder] of [...map].sort((a, b) => b[0].length - a[0].length)) {
		out = replaceAll(out, host, placeholder);
		if (host.includes('.')) out = replaceAll(out, host.replace(/\./g, '-'), placeholder);
	}
	return out.replace(accountId, '<account-id>');
}

/** Host names compare case-insensitively (URL parsing lowercases them; kubeconfigs may not). */
function replaceAll(text: string, search: string, replacement: string): string {
	return text.replace(new RegExp(search.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'gi'), () => replacement);
}

function safeDecode(text: string): string {
	try {
		return decodeURIComponent(text);
	} catch {
		return text;
	}
}
