// A Runner that answers from recorded outputs (test/fixtures/host/recorded) and logs every argv it
// was asked for. An argv it has no answer for is a binary that is not installed, as on a host
// without that tool.
import {readFileSync} from 'node:fs';
import {join} from 'node:path';
import type {RunOutcome, Runner} from '../../source/host/runner.js';

export const fixtures = join(import.meta.dirname, '..', 'fixtures', 'host');

export function recorded(name: string): string {
	return readFileSync(join(fixtures, 'recorded', name), 'utf8');
}

export type Answer = {exitCode?: number; stdout?: string; stderr?: string};

export function recordedRunner(answers: Record<string, Answer>): Runner & {calls: string[][]} {
	const calls: string[][] = [];
	const runner = (async ({argv}) => {
		calls.push([...argv]);
		const answer = answers[argv.join(' ')];
		if (answer === undefined) {
			return {exitCode: null, stdout: '', stderr: '', failure: 'not-found', error: `${argv[0]} is not installed (not on PATH)`} satisfies RunOutcome;
		}
		return {exitCode: answer.exitCode ?? 0, stdout: answer.stdout ?? '', stderr: answer.stderr ?? '', failure: null, error: null} satisfies RunOutcome;
	}) as Runner & {calls: string[][]};
	runner.calls = calls;
	return runner;
}

/** What an Ubuntu 24.04 host with the AppArmor restriction answers, tested as uid 1000 (no setpriv). */
export const ubuntuUnshare: Record<string, Answer> = {
	'unshare -U true': {exitCode: 0},
	'unshare -Ur cat /proc/self/uid_map': {exitCode: 1, stderr: recorded('unshare-map-ubuntu-24.04.stderr')},
};
