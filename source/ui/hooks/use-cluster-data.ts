// Contexts' reachability (in the background, each as it answers) and a context's pools and nodes.
import type {Dispatch} from 'react';
import type {Action, Effect} from '../model.js';
import type {Services} from '../services.js';
import type {Tasks} from '../tasks.js';
import {isAbort, problemOf} from '../problem.js';
import {useOutbox} from './use-outbox.js';

export function useClusterData(outbox: readonly Effect[], dispatch: Dispatch<Action>, services: Services, tasks: Tasks): void {
	useOutbox(outbox, ['check-contexts'], dispatch, () => {
		tasks.start(async (signal) => {
			await services.checkContexts(signal, (entry) => dispatch({type: 'context-checked', entry})).catch(() => undefined);
		});
	});
	useOutbox(outbox, ['load-cluster'], dispatch, (effect) => {
		tasks.start(async (signal) => {
			try {
				dispatch({type: 'cluster-loaded', context: effect.context, view: await services.loadCluster(effect.context, signal)});
			} catch (error) {
				if (!isAbort(error, signal)) dispatch({type: 'cluster-failed', context: effect.context, problem: problemOf(error)});
			}
		});
	});
}
