// Runs a fix step's local command after its typed confirmation. The command gets the terminal:
// `command-started` turns the key handler off (Ink then leaves raw mode and stops reading stdin),
// and only after that commit does the command start; when it ends, keys come back.
import {useEffect, useRef, type Dispatch} from 'react';
import type {FixCommand} from '../../domain/types.js';
import type {Action, Effect} from '../model.js';
import type {Services} from '../services.js';
import type {Tasks} from '../tasks.js';
import {problemOf} from '../problem.js';
import {useOutbox} from './use-outbox.js';

export function useCommandRunner(outbox: readonly Effect[], isRunningCommand: boolean, dispatch: Dispatch<Action>, services: Services, tasks: Tasks): void {
	const queued = useRef<FixCommand | null>(null);
	useOutbox(outbox, ['run-command'], dispatch, (effect) => {
		if (queued.current !== null) return;
		queued.current = effect.command;
		dispatch({type: 'command-started'});
	});
	useEffect(() => {
		const command = queued.current;
		if (!isRunningCommand || command === null) return;
		tasks.start(async (signal) => {
			try {
				const code = await services.runCommand(command, signal);
				dispatch({type: 'command-finished', outcome: {run: command.run, code, problem: null}});
			} catch (error) {
				dispatch({type: 'command-finished', outcome: {run: command.run, code: null, problem: problemOf(error)}});
			} finally {
				queued.current = null;
			}
		});
	}, [isRunningCommand]);
}
