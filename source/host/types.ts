// The host check's result (SPEC section 6, `host`). The JSON rendering picks exactly the contract's
// keys; the extra fields here serve the table, the markdown and the explorer.
import type {Classification, EnvironmentId, Fix, FixId, Gate} from '../domain/types.js';
import type {DockerRuntime} from './docker.js';
import type {KindRuntime} from './kind.js';
import type {MinikubeRuntime} from './minikube.js';
import type {TestedAs} from './unshare-check.js';

export type CheckStatus = 'pass' | 'fail' | 'warn' | 'skip';

export type HostCheckId =
	| 'os'
	| 'kernel'
	| 'userns-file'
	| 'max-user-namespaces'
	| 'unprivileged-userns-clone'
	| 'apparmor-restrict-unprivileged-userns'
	| 'apparmor'
	| 'apparmor-userns-profile'
	| 'selinux'
	| 'unshare'
	| 'unshare-map'
	| 'docker'
	| 'docker-desktop'
	| 'kind'
	| 'minikube'
	| 'local-clusters';

export type HostCheck = {
	readonly id: HostCheckId;
	/** Short label for tables: `unshare -Ur`, `user.max_user_namespaces`. */
	readonly title: string;
	readonly status: CheckStatus;
	readonly detail: string;
};

export type DockerDesktopRuntime = {
	/** The engine reports OperatingSystem "Docker Desktop", or the kubeconfig has its context. */
	readonly detected: boolean;
	/** `docker-desktop` when the kubeconfig has that context, else null. */
	readonly context: string | null;
	/** The Desktop VM's kernel, from docker info. */
	readonly kernelVersion: string | null;
};

export type HostRuntimes = {
	readonly docker: DockerRuntime;
	readonly kind: KindRuntime;
	readonly minikube: MinikubeRuntime;
	readonly dockerDesktop: DockerDesktopRuntime;
};

export type HostReport = {
	readonly os: {readonly id: string | null; readonly versionId: string | null; readonly prettyName: string | null};
	readonly kernel: string | null;
	readonly user: {readonly uid: number | null; readonly root: boolean | null};
	readonly checks: readonly HostCheck[];
	/** null when the unshare test did not run (not Linux, or it could not start). */
	readonly unshare: {readonly status: 'ok' | 'failed'; readonly error: string | null} | null;
	readonly gate: Gate | null;
	readonly fix: FixId | null;
	readonly runtimes: HostRuntimes;

	// ---- not in the JSON contract ----
	/** The environment the fix was chosen for (the local cluster found, else `kind`). */
	readonly environment: EnvironmentId | null;
	/** Why that environment: `kind cluster kind-dev`, `--environment`, or no local cluster found. */
	readonly environmentSource?: string | null;
	/** The fix itself, for printing its steps. */
	readonly fixPlan: Fix | null;
	readonly classification: Classification | null;
	/** The probe-format evidence fed to the classifier (SPEC section 4), verbatim. */
	readonly evidence: string | null;
	/** Who the unshare test ran as. */
	readonly testedAs: TestedAs | null;
	/** Why the real test could not run; exit 2 unless a check already failed. */
	readonly cannotRun: string | null;
	/** Whether this host's kernel is the one local clusters run on (false: VM drivers, Docker Desktop). */
	readonly hostGatesApply: boolean | null;
};
