// The host's facts and unshare results written as the probe's key=value evidence (SPEC section 4),
// so the one classifier that reads probe pods decides the host's gate too.
import type {KernelFacts} from './kernel-facts.js';
import type {UnshareCheck} from './unshare-check.js';

export function hostEvidence(facts: KernelFacts, unshare: UnshareCheck & {ran: true}): string {
	const value = (input: string | number | null) => (input === null || input === '' ? '-' : String(input));
	const usernsFile = facts.usernsFile === null ? '-' : facts.usernsFile ? 'yes' : 'no';
	const lines = [
		'prg-probe=1',
		`kernel=${value(facts.kernel)}`,
		`userns_file=${usernsFile}`,
		`max_user_namespaces=${value(facts.maxUserNamespaces)}`,
		`apparmor_restrict_unprivileged_userns=${value(facts.apparmorRestrict)}`,
		`unprivileged_userns_clone=${value(facts.unprivilegedUsernsClone)}`,
		`seccomp=${value(facts.seccomp)}`,
		`seccomp_filters=${value(facts.seccompFilters)}`,
		`lsm=${value(facts.lsm)}`,
		`unshare=${unshare.create.ok ? 'ok' : oneLine(unshare.create.error)}`,
		`unshare_map=${unshare.map.ok ? 'ok' : oneLine(unshare.map.error)}`,
		'lsm_inside=-',
		unshare.map.ok ? 'OK' : 'FAILED',
	];
	return `${lines.join('\n')}\n`;
}

function oneLine(text: string | null): string {
	return (text ?? 'failed').replace(/\s+/g, ' ').trim();
}
