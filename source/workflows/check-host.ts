// checkHost: this machine as the host of a local kind / Minikube / Docker Desktop cluster. Reads the
// kernel's user-namespace gates, runs the real unshare test as an unprivileged user, lets the probe's
// classifier name the gate and the fix catalog give the fix, and finds which local clusters run on
// this kernel (only those are affected; VM-backed ones are checked in-cluster).
import process from 'node:process';
import {localEnvironmentOfContext} from '../domain/environments.js';
import {fixFor} from '../domain/fixes/index.js';
import {classify, fixIdFor} from '../domain/gates.js';
import type {Classification, EnvironmentId, Fix, Gate} from '../domain/types.js';
import {inspectDocker} from '../host/docker.js';
import {hostEvidence} from '../host/evidence.js';
import {hostFs, textOf, type HostFs} from '../host/host-fs.js';
import {kernelChecks} from '../host/kernel-checks.js';
import {readKernelFacts, type KernelFacts} from '../host/kernel-facts.js';
import {inspectKind} from '../host/kind.js';
import {inspectMinikube} from '../host/minikube.js';
import {isUbuntuAtLeast} from '../host/os-release.js';
import {runProcess, type Runner} from '../host/runner.js';
import {hostGatesApply, localClusters, runtimeChecks, unmatchedLocalContexts} from '../host/runtime-checks.js';
import type {DockerDesktopRuntime, HostCheck, HostReport, HostRuntimes} from '../host/types.js';
import {parseIdMap, runUnshareCheck, type Identity, type IdMaps, type UnshareCheck} from '../host/unshare-check.js';

export type {HostReport, HostCheck} from '../host/types.js';

export type HostContext = {readonly name: string; readonly cluster?: string | null; readonly server?: string | null};

export type CheckHostOptions = {
	/** Filesystem root for /proc, /etc and /sys reads; default `/`. */
	readonly root?: string;
	/** Runs external commands; default: child processes with timeouts. */
	readonly runner?: Runner;
	readonly signal: AbortSignal;
	/** The uid to test as when running as root; default $SUDO_UID, else 65534 (nobody). */
	readonly unprivilegedUid?: number;
	/** Its gid; default $SUDO_GID when testing as $SUDO_UID, else the uid. */
	readonly unprivilegedGid?: number;
	/** Who we are; default process.getuid(). */
	readonly uid?: number;
	/** Default process.platform, or `linux` when a root is given. */
	readonly platform?: NodeJS.Platform;
	readonly env?: NodeJS.ProcessEnv;
	/** Kubeconfig contexts, to tell which belongs to which local cluster; null when none was read. */
	readonly contexts?: readonly HostContext[] | null;
	/** Choose the fix for this environment instead of the local cluster found. */
	readonly environment?: EnvironmentId;
	/** The context the user asked about (--context): its local cluster decides the fix's environment. */
	readonly context?: string;
};

export async function checkHost(options: CheckHostOptions): Promise<HostReport> {
	const runner = options.runner ?? runProcess;
	const {signal} = options;
	const env = options.env ?? process.env;
	const root = options.root ?? '/';
	const linux = (options.platform ?? (root === '/' ? process.platform : 'linux')) === 'linux';
	const uid = options.uid ?? (typeof process.getuid === 'function' ? process.getuid() : null);
	const gid = options.uid !== undefined ? options.uid : typeof process.getgid === 'function' ? process.getgid() : uid;
	const contexts = options.contexts ?? null;
	const contextNames = contexts === null ? null : new Set(contexts.map((context) => context.name));

	const runtimesPromise = inspectRuntimes(runner, signal, contexts, contextNames);
	const fs = hostFs(root);
	const facts = linux ? await readKernelFacts(fs) : null;
	// Root picks its test uid among those this user namespace maps (all of them outside any namespace).
	const idMaps = linux && uid === 0 ? await readIdMaps(fs) : undefined;
	const unshare = linux && uid !== null
		? await runUnshareCheck({runner, signal, self: {uid, gid: gid ?? uid}, unprivileged: unprivilegedIdentity(options, env), idMaps})
		: null;
	const runtimes = await runtimesPromise;

	const clusters = localClusters(runtimes, linux);
	const applies = linux ? hostGatesApply(clusters) : false;
	const found = clusters.sharing.find((cluster) => cluster.context === options.context) ?? clusters.sharing[0];
	const environment = options.environment ?? found?.environment ?? (runtimes.dockerDesktop.detected ? 'docker-desktop' : 'kind');
	const environmentSource = options.environment !== undefined
		? '--environment'
		: found !== undefined
			? `local cluster ${found.context}`
			: runtimes.dockerDesktop.detected
				? 'Docker Desktop'
				: 'no local cluster found; written for kind or minikube --driver=docker on this host';

	const evidence = facts !== null && unshare?.ran ? hostEvidence(facts, unshare) : null;
	const classification: Classification | null = evidence !== null
		? classify(evidence, {environment})
		: facts !== null && unshare !== null && !unshare.ran
			? untestedLimit(facts, unshare.reason, environment)
			: null;
	const gate: Gate | null = classification?.gate ?? null;
	const fixPlan: Fix | null = gate === null || gate === 'none' ? null : fixFor(gate, environment);

	const hostChecks = facts !== null && unshare !== null ? kernelChecks(facts, unshare, gate) : notLinuxChecks(linux, uid);
	// Only VM-backed clusters here: a blocked host kernel is worth knowing, but blocks none of them.
	const softened = applies === false ? hostChecks.map(soften) : hostChecks;
	const ubuntu2310 = facts !== null && isUbuntuAtLeast(facts.os, '23.10');
	const localContexts = (contexts ?? []).map((context) => ({name: context.name, environment: localEnvironmentOfContext(context)}));
	const unmatchedContexts = unmatchedLocalContexts(localContexts, runtimes);
	const checks = [...softened, ...runtimeChecks(runtimes, clusters, applies === false ? null : gate, {ubuntu2310, unmatchedContexts})];

	return {
		os: {id: facts?.os.id ?? null, versionId: facts?.os.versionId ?? null, prettyName: facts?.os.prettyName ?? null},
		kernel: facts?.kernel ?? null,
		user: {uid, root: uid === null ? null : uid === 0},
		checks,
		unshare: unshareSummary(unshare),
		gate,
		fix: fixPlan?.id ?? null,
		runtimes,
		environment: gate === null ? null : environment,
		environmentSource: gate === null ? null : environmentSource,
		fixPlan,
		classification,
		evidence,
		testedAs: unshare?.ran ? unshare.testedAs : null,
		cannotRun: unshare !== null && !unshare.ran ? unshare.reason : uid === null && linux ? 'cannot tell which user this is' : null,
		hostGatesApply: applies,
	};
}

async function inspectRuntimes(
	runner: Runner,
	signal: AbortSignal,
	contexts: readonly HostContext[] | null,
	contextNames: ReadonlySet<string> | null,
): Promise<HostRuntimes> {
	const [docker, kind, minikube] = await Promise.all([
		inspectDocker(runner, signal),
		inspectKind({runner, signal, contexts: contextNames}),
		inspectMinikube({runner, signal, contexts: contextNames}),
	]);
	const desktopContext = contexts?.find((context) => localEnvironmentOfContext(context) === 'docker-desktop')?.name ?? null;
	const dockerDesktop: DockerDesktopRuntime = {
		detected: docker.desktop || desktopContext !== null,
		context: desktopContext,
		kernelVersion: docker.desktop ? docker.kernelVersion : null,
	};
	return {docker, kind, minikube, dockerDesktop};
}

function unprivilegedIdentity(options: CheckHostOptions, env: NodeJS.ProcessEnv): Identity {
	if (options.unprivilegedUid !== undefined) {
		return {uid: options.unprivilegedUid, gid: options.unprivilegedGid ?? options.unprivilegedUid};
	}
	const sudoUid = Number(env.SUDO_UID);
	if (Number.isInteger(sudoUid) && sudoUid > 0) {
		const sudoGid = Number(env.SUDO_GID);
		return {uid: sudoUid, gid: options.unprivilegedGid ?? (Number.isInteger(sudoGid) && sudoGid > 0 ? sudoGid : sudoUid)};
	}
	return {uid: 65534, gid: options.unprivilegedGid ?? 65534};
}

async function readIdMaps(fs: HostFs): Promise<IdMaps> {
	const [uid, gid, setgroups] = await Promise.all([fs.read('/proc/self/uid_map'), fs.read('/proc/self/gid_map'), fs.read('/proc/self/setgroups')]);
	const groups = textOf(setgroups);
	return {uid: parseIdMap(textOf(uid)), gid: parseIdMap(textOf(gid)), setgroups: groups === 'deny' || groups === 'allow' ? groups : null};
}

/**
 * SPEC section 5, row 3, without the test: user.max_user_namespaces = 0 refuses every new user
 * namespace (the kernel answers ENOSPC), whoever asks, so the gate is known even when unshare could
 * not be run here.
 */
function untestedLimit(facts: KernelFacts, whyNotRun: string, environment: EnvironmentId): Classification | null {
	if (facts.maxUserNamespaces !== 0) return null;
	return {
		status: 'failed',
		gate: 'userns-limit',
		fix: fixIdFor('userns-limit', environment),
		reason: `This host allows no user namespaces (user.max_user_namespaces = 0), so the kernel refuses to create one (ENOSPC, No space left on device). The unshare test itself did not run: ${whyNotRun.replace(/\.$/, '')}.`,
		confidence: 'medium',
		evidence: {max_user_namespaces: '0'},
	};
}

function unshareSummary(unshare: UnshareCheck | null): HostReport['unshare'] {
	if (unshare === null || !unshare.ran) return null;
	if (unshare.create.ok && unshare.map.ok) return {status: 'ok', error: null};
	return {status: 'failed', error: unshare.create.ok ? unshare.map.error : unshare.create.error};
}

function soften(check: HostCheck): HostCheck {
	return check.status === 'fail' ? {...check, status: 'warn', detail: `${check.detail} (does not affect the VM-backed clusters)`} : check;
}

function notLinuxChecks(linux: boolean, uid: number | null): HostCheck[] {
	if (linux) {
		const detail = uid === null ? 'not run: cannot tell which user this is' : 'not run';
		return [
			{id: 'unshare', title: 'unshare -U', status: 'warn', detail},
			{id: 'unshare-map', title: 'unshare -Ur', status: 'warn', detail},
		];
	}
	const why = 'not Linux: local clusters here run in a Linux VM (Docker Desktop, minikube, colima…), so this machine\'s kernel is not theirs; use prg-doctor probe';
	return [
		{id: 'os', title: 'OS', status: 'skip', detail: `${process.platform}: ${why}`},
		{id: 'unshare', title: 'unshare -U', status: 'skip', detail: why},
		{id: 'unshare-map', title: 'unshare -Ur', status: 'skip', detail: why},
	];
}

/** SPEC section 3: 1 when a check failed (a gate), 2 when the real test could not run, else 0. */
export function hostExitCode(report: HostReport): 0 | 1 | 2 {
	if (report.checks.some((check) => check.status === 'fail')) return 1;
	if (report.cannotRun !== null) return 2;
	return 0;
}

