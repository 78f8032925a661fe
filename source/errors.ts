// Errors a user can act on (no imports: every layer may throw these). Everything that crosses the Kubernetes/network boundary becomes a
// KubeError with a kind, a one-line cause and the next step; the CLI prints those two lines and exits
// 2 without a stack trace. Anything else that escapes is a bug and keeps its stack.

export type KubeErrorKind =
	| 'config' // kubeconfig missing, malformed, unknown context, context without cluster/user
	| 'auth' // exec plugin missing or failing, bad client certificate
	| 'unauthorized' // 401
	| 'forbidden' // 403 (RBAC)
	| 'admission' // PSA / SCC / webhook refusal
	| 'not-found' // 404
	| 'conflict' // 409
	| 'invalid' // 422
	| 'gone' // 410 (watch resourceVersion too old)
	| 'unreachable' // DNS, refused, reset, TLS
	| 'tls'
	| 'timeout'
	| 'server' // 5xx, 429 after retries
	| 'aborted';

export class KubeError extends Error {
	override readonly name = 'KubeError';
	constructor(
		readonly kind: KubeErrorKind,
		message: string,
		readonly hint: string,
		readonly code: number | null = null,
		readonly retryAfterSeconds: number | null = null,
	) {
		super(message);
	}
}

/** An error the user caused or can fix (bad flag, bad input file). Exit code 2. */
export class UsageError extends Error {
	override readonly name = 'UsageError';
	constructor(
		message: string,
		readonly hint: string,
	) {
		super(message);
	}
}

export function isActionable(error: unknown): error is KubeError | UsageError {
	return error instanceof KubeError || error instanceof UsageError;
}
