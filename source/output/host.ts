// `host` for a terminal (readable at 80 columns, status words never colour-only), a ticket
// (markdown) and scripts (exactly the JSON of SPEC section 6).
import {wrap} from './words.js';
import type {CheckStatus, HostReport} from '../host/types.js';
import {fixText} from './fix.js';
import {toJson} from './json.js';
import {codeBlock, markdownTable} from './markdown.js';

export function hostObject(report: HostReport) {
	const {docker, kind, minikube, dockerDesktop} = report.runtimes;
	return {
		os: {id: report.os.id, versionId: report.os.versionId, prettyName: report.os.prettyName},
		kernel: report.kernel,
		user: {uid: report.user.uid, root: report.user.root},
		checks: report.checks.map((check) => ({id: check.id, status: check.status, detail: check.detail})),
		unshare: report.unshare === null ? null : {status: report.unshare.status, error: report.unshare.error},
		gate: report.gate,
		fix: report.fix,
		runtimes: {
			docker: {
				installed: docker.installed,
				running: docker.running,
				clientVersion: docker.clientVersion,
				serverVersion: docker.serverVersion,
				operatingSystem: docker.operatingSystem,
				kernelVersion: docker.kernelVersion,
				apparmor: docker.apparmor,
				seccomp: docker.seccomp,
				selinux: docker.selinux,
				rootless: docker.rootless,
				cgroupns: docker.cgroupns,
				userns: docker.userns,
				error: docker.error,
			},
			kind: {
				installed: kind.installed,
				clusters: kind.clusters.map((cluster) => ({name: cluster.name, context: cluster.context, inKubeconfig: cluster.inKubeconfig, nodes: cluster.nodes})),
				error: kind.error,
			},
			minikube: {
				installed: minikube.installed,
				profiles: minikube.profiles.map((profile) => ({
					name: profile.name,
					status: profile.status,
					driver: profile.driver,
					kubernetesVersion: profile.kubernetesVersion,
					containerRuntime: profile.containerRuntime,
					environment: profile.environment,
					sharesHostKernel: profile.sharesHostKernel,
					context: profile.context,
					inKubeconfig: profile.inKubeconfig,
				})),
				error: minikube.error,
			},
			dockerDesktop: {detected: dockerDesktop.detected, context: dockerDesktop.context, kernelVersion: dockerDesktop.kernelVersion},
		},
	};
}

export function hostJson(report: HostReport): string {
	return toJson(hostObject(report));
}

/** One line a person reads first: can local clusters on this host run sandboxes? */
export function hostVerdict(report: HostReport): string {
	if (report.gate !== null && report.gate !== 'none') {
		const scope = report.hostGatesApply === false ? ' (your local clusters run in VMs and are not affected)' : '';
		return `BLOCKED by ${report.gate}${scope}: ${report.classification?.reason ?? 'unprivileged user namespaces are refused'}`;
	}
	if (report.gate === 'none') return 'READY: an unprivileged process here can create a user namespace and map IDs';
	if (report.cannotRun !== null) return `UNDETERMINED: the unshare test could not run: ${report.cannotRun}`;
	return 'NOT APPLICABLE: this host is not Linux; its local clusters run in a VM, check them with prg-doctor probe';
}

const symbols: Record<CheckStatus, string> = {pass: '✔ pass', fail: '✘ FAIL', warn: '! warn', skip: '- skip'};
const colours: Record<CheckStatus, string> = {pass: '32', fail: '31', warn: '33', skip: '2'};

export function hostTable(report: HostReport, options: {width?: number; color?: boolean; readOnly?: boolean} = {}): string {
	const width = Math.max(60, Math.min(options.width ?? 80, 120));
	const paint = (status: CheckStatus, text: string) => (options.color ? `\u001B[${colours[status]}m${text}\u001B[0m` : text);
	const header = headerLines(report).flatMap(([label, value]) => wrap(value, width - 8).map((line, index) => `${(index === 0 ? label : '').padEnd(8)}${line}`));
	const lines: string[] = [...wrap(hostVerdict(report), width), '', ...header, ''];

	const titleWidth = 24;
	const statusWidth = 7;
	const detailWidth = width - statusWidth - titleWidth - 2;
	for (const check of report.checks) {
		const status = paint(check.status, symbols[check.status].padEnd(statusWidth));
		const wrapped = wrap(check.detail, detailWidth);
		const pad = ' '.repeat(statusWidth + titleWidth + 2);
		if (check.title.length > titleWidth) {
			lines.push(`${status}${check.title}`);
			lines.push(...wrapped.map((line) => `${pad}${line}`));
		} else {
			lines.push(`${status}${check.title.padEnd(titleWidth)}  ${wrapped[0] ?? ''}`);
			lines.push(...wrapped.slice(1).map((line) => `${pad}${line}`));
		}
	}
	if (report.fixPlan !== null) {
		lines.push('', '─'.repeat(Math.min(width, 80)), ...fixText(report.fixPlan, 'table', {readOnly: options.readOnly, width}).trimEnd().split('\n'));
	}
	return `${lines.join('\n')}\n`;
}

/**
 * Wraps the fix's prose to the terminal, keeping its indentation. Snippets (between `--- lang ---`
 * and `---`) and `Run…:` command lines stay whole, so they copy and paste as they are.
 */
export function hostMarkdown(report: HostReport, options: {readOnly?: boolean} = {}): string {
	const parts = [
		`## prg-doctor host`,
		'',
		`**${hostVerdict(report)}**`,
		'',
		markdownTable(headerLines(report).map(([label, value]) => ({Item: label.replace(/:$/, ''), Value: value}))),
		'### Checks',
		'',
		markdownTable(report.checks.map((check) => ({Status: check.status === 'fail' ? '**FAIL**' : check.status, Check: `\`${check.title}\``, Detail: check.detail}))),
	];
	if (report.fixPlan !== null) parts.push(fixText(report.fixPlan, 'markdown', {readOnly: options.readOnly}));
	if (report.evidence !== null) parts.push('<details><summary>Evidence (probe format)</summary>', '', codeBlock(report.evidence, 'text'), '</details>', '');
	return parts.join('\n');
}

function testedAsShort(testedAs: NonNullable<HostReport['testedAs']>): string {
	switch (testedAs.via) {
		case 'setpriv':
			return `uid ${testedAs.uid} via setpriv`;
		case 'namespace-root':
			return 'namespace root (only uid 0 mapped)';
		case 'self':
			return `uid ${testedAs.uid}`;
	}
}

function headerLines(report: HostReport): [string, string][] {
	const os = report.os.prettyName ?? report.os.id ?? 'unknown';
	const user = report.user.uid === null ? 'unknown' : `uid ${report.user.uid}${report.user.root ? ' (root)' : ''}`;
	const tested = report.testedAs === null ? '' : `; unshare tested as ${testedAsShort(report.testedAs)}`;
	const rows: [string, string][] = [
		['OS:', os],
		['Kernel:', report.kernel ?? 'unknown'],
		['User:', `${user}${tested}`],
	];
	if (report.gate !== null) rows.push(['Gate:', report.gate === 'none' ? 'none' : `${report.gate} (fix: ${report.fix ?? 'none'})`]);
	if (report.gate !== null && report.gate !== 'none' && report.environment !== null) {
		rows.push(['For:', `${report.environment} (${report.environmentSource ?? 'chosen'})`]);
	}
	return rows;
}

/** Word wrap; a word longer than the width (a path, an error token) gets a line of its own. */
