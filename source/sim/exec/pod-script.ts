// What a pod's container runs, as the kubelet sees it: the argv the image would exec, and whether
// it is a probe we know. prg-doctor's evidence probe is known by its `prg-probe=1` line and the
// documented one-liner by its exact shape, so this module depends on neither's source.

export type PodScript =
	| {kind: 'probe'}
	/** `unshare -U echo OK || echo FAILED`, or with `-r` (create and map root). */
	| {kind: 'documented'; map: boolean}
	| {kind: 'other'};

/**
 * The container's argv: `command` replaces the image's ENTRYPOINT and `args` its CMD. alpine has no
 * ENTRYPOINT and CMD `/bin/sh`.
 */
export function podArgv(command: readonly string[], args: readonly string[]): string[] {
	if (command.length > 0) return [...command, ...args];
	if (args.length > 0) return [...args];
	return ['/bin/sh'];
}

const shells = new Set(['sh', 'ash', 'bash']);

/** The script a `sh -c SCRIPT` argv runs, or null for any other argv. */
export function shellScript(argv: readonly string[]): string | null {
	const shell = argv[0]?.split('/').pop() ?? '';
	if (!shells.has(shell) || argv[1] !== '-c' || argv.length < 3) return null;
	return argv[2];
}

const documented = /^\s*unshare((?:\s+(?:-[Ur]+|--user|--map-root-user))+)\s+echo\s+OK\s*\|\|\s*echo\s+FAILED\s*;?\s*$/;

export function recognise(argv: readonly string[]): PodScript {
	const script = shellScript(argv);
	if (script === null) return {kind: 'other'};
	if (script.includes('prg-probe=1')) return {kind: 'probe'};
	const match = documented.exec(script);
	if (!match) return {kind: 'other'};
	// Every flag the pattern admits makes a user namespace (-r implies -U, in busybox and util-linux).
	const flags = match[1].trim().split(/\s+/);
	return {kind: 'documented', map: flags.some((flag) => flag === '--map-root-user' || (!flag.startsWith('--') && flag.includes('r')))};
}
