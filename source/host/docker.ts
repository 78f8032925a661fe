// Docker: is there an engine, is it Docker Desktop (a VM with its own kernel), and what security
// options does it run containers with. `docker info` prints its JSON even when the daemon is down
// (with empty server fields) and exits 1; that is a clear "not running", not a parse error.
import {lastErrorLine, type Runner} from './runner.js';

export type DockerRuntime = {
	readonly installed: boolean;
	/** The engine answered; null when docker is not installed. */
	readonly running: boolean | null;
	readonly clientVersion: string | null;
	readonly serverVersion: string | null;
	readonly operatingSystem: string | null;
	readonly kernelVersion: string | null;
	readonly desktop: boolean;
	readonly rootless: boolean | null;
	readonly apparmor: boolean | null;
	/** The seccomp profile (`builtin`, `default`, `unconfined`), or null without seccomp or engine. */
	readonly seccomp: string | null;
	readonly selinux: boolean | null;
	readonly cgroupns: boolean | null;
	/** Engine-level userns-remap. */
	readonly userns: boolean | null;
	readonly error: string | null;
};

export const dockerInfoArgv = ['docker', 'info', '--format', '{{json .}}'] as const;

export async function inspectDocker(runner: Runner, signal: AbortSignal, timeoutMs = 10_000): Promise<DockerRuntime> {
	const outcome = await runner({argv: dockerInfoArgv, timeoutMs, signal});
	if (outcome.failure === 'not-found') return {...absent, error: null};
	if (outcome.failure !== null) return {...absent, installed: true, running: false, error: outcome.error};
	const info = parseDockerInfo(outcome.stdout);
	const serverVersion = info?.serverVersion ?? null;
	if (outcome.exitCode !== 0 || serverVersion === null) {
		return {
			...absent,
			installed: true,
			running: false,
			clientVersion: info?.clientVersion ?? null,
			error: daemonError(outcome.stderr) ?? lastErrorLine(outcome) ?? 'docker info failed',
		};
	}
	return {installed: true, running: true, error: null, ...info!, serverVersion};
}

const absent: DockerRuntime = {
	installed: false,
	running: null,
	clientVersion: null,
	serverVersion: null,
	operatingSystem: null,
	kernelVersion: null,
	desktop: false,
	rootless: null,
	apparmor: null,
	seccomp: null,
	selinux: null,
	cgroupns: null,
	userns: null,
	error: null,
};

type DockerInfo = Omit<DockerRuntime, 'installed' | 'running' | 'error'>;

/** The fields we use from `docker info --format '{{json .}}'`; null when the text is not that JSON. */
export function parseDockerInfo(text: string): DockerInfo | null {
	const start = text.indexOf('{');
	if (start === -1) return null;
	let raw: Record<string, unknown>;
	try {
		raw = JSON.parse(text.slice(start)) as Record<string, unknown>;
	} catch {
		return null;
	}
	const str = (value: unknown) => (typeof value === 'string' && value !== '' ? value : null);
	const client = (raw.ClientInfo ?? {}) as Record<string, unknown>;
	const options = Array.isArray(raw.SecurityOptions) ? raw.SecurityOptions.map(String) : null;
	const serverVersion = str(raw.ServerVersion);
	const known = serverVersion !== null && options !== null;
	const option = (name: string) => options?.find((entry) => entry.split(',').includes(`name=${name}`)) ?? null;
	const seccomp = option('seccomp');
	const operatingSystem = str(raw.OperatingSystem);
	return {
		clientVersion: str(client.Version),
		serverVersion,
		operatingSystem,
		kernelVersion: str(raw.KernelVersion),
		desktop: operatingSystem === 'Docker Desktop',
		rootless: known ? option('rootless') !== null : null,
		apparmor: known ? option('apparmor') !== null : null,
		seccomp: known ? (seccomp === null ? null : (/profile=([^,]+)/.exec(seccomp)?.[1] ?? 'default')) : null,
		selinux: known ? option('selinux') !== null : null,
		cgroupns: known ? option('cgroupns') !== null : null,
		userns: known ? option('userns') !== null : null,
	};
}

function daemonError(stderr: string): string | null {
	const line = stderr
		.split('\n')
		.map((entry) => entry.trim())
		.find((entry) => /Cannot connect to the Docker daemon|permission denied while trying to connect|error during connect/i.test(entry));
	return line ?? null;
}
