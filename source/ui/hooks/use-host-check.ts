// Runs the host check (this machine as a local cluster's host) and reports it.
import type {Dispatch} from 'react';
import type {Action, Effect} from '../model.js';
import type {Services} from '../services.js';
import type {Tasks} from '../tasks.js';
import {isAbort, problemOf} from '../problem.js';
import {useOutbox} from './use-outbox.js';

export function useHostCheck(outbox: readonly Effect[], dispatch: Dispatch<Action>, services: Services, tasks: Tasks): void {
	useOutbox(outbox, ['check-host'], dispatch, () => {
		tasks.start(async (signal) => {
			try {
				dispatch({type: 'host-checked', report: await services.checkHost(signal)});
			} catch (error) {
				if (!isAbort(error, signal)) dispatch({type: 'host-check-failed', problem: problemOf(error)});
			}
		});
	});
}
