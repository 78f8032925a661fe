// The host check as lines of text, each one terminal line: drawn by the host screen, counted by the
// reducer to know how far it scrolls. Every check's detail wraps under it in full.
import type {HostReport} from '../host/types.js';
import {wrap} from '../output/words.js';
import type {Tone} from './theme.js';
import {oneLine, printable, truncate} from './text.js';

export type StyledLine = {
	readonly text: string;
	readonly tone?: Tone;
	readonly bold?: boolean;
	readonly dim?: boolean;
	/** A coloured status word before the text. */
	readonly lead?: {readonly text: string; readonly tone: Tone};
};

const looks: Readonly<Record<'pass' | 'fail' | 'warn' | 'skip', {symbol: string; tone: Tone}>> = {
	pass: {symbol: '✓', tone: 'good'},
	fail: {symbol: '✗', tone: 'bad'},
	warn: {symbol: '!', tone: 'warn'},
	skip: {symbol: '-', tone: 'muted'},
};

const detailIndent = '          ';

export function hostLines(report: HostReport, previous: HostReport | null, width: number): StyledLine[] {
	const blocked = report.gate !== null && report.gate !== 'none';
	const para = (text: string, style: Omit<StyledLine, 'text'> = {}, indent = ''): StyledLine[] => wrap(text, Math.max(10, width - indent.length)).map((line) => ({...style, text: `${indent}${line}`}));
	const tested = report.testedAs === null ? 'an unprivileged user' : report.testedAs.via === 'namespace-root' ? 'this user namespace’s root (only uid 0 is mapped)' : `uid ${report.testedAs.uid}`;
	return [
		{text: truncate(`${report.os.prettyName ?? 'Unknown OS'} · kernel ${report.kernel ?? '?'} · ${report.user.root ? 'running as root' : `uid ${report.user.uid ?? '?'}`}`, width), bold: true},
		...para(`${blocked ? `✗ blocked: ${report.gate}` : '✓ this host lets containers create user namespaces'}${report.fix ? ` — fix ${report.fix} (f)` : ''}`, {tone: blocked ? 'bad' : 'good', bold: true}),
		...(report.hostGatesApply === false ? para('This host’s kernel is not the one the local cluster runs on (VM driver): its nodes are checked by probing.', {dim: true}) : []),
		...(report.cannotRun ? para(`! ${oneLine(report.cannotRun)}`, {tone: 'warn'}) : []),
		{text: ''},
		...report.checks.flatMap((check) => [
			{lead: {text: `${looks[check.status].symbol} ${check.status.padEnd(5)}`, tone: looks[check.status].tone}, text: ` ${truncate(check.title, Math.max(10, width - 12))}`},
			...para(printable(oneLine(check.detail)), {dim: true}, detailIndent),
		]),
		...(report.unshare ? para(`unshare -Ur as ${tested}: ${report.unshare.status === 'ok' ? 'ok' : (report.unshare.error ?? 'failed')}`) : []),
		...(previous && previous.gate !== report.gate ? [{text: `Before → after: ${previous.gate ?? 'none'} → ${report.gate ?? 'none'}`, bold: true}] : []),
	];
}
