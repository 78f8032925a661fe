// Starts probe runs and stops them. Progress events are batched (one dispatch per 100 ms) so a
// 5,000-node run does not re-render per event; stopping aborts the run's controller and runProbes
// deletes its pods before the run settles.
import {useRef, type Dispatch} from 'react';
import type {ProbeProgress} from '../../workflows/types.js';
import type {Action, Effect} from '../model.js';
import type {Services} from '../services.js';
import type {Tasks} from '../tasks.js';
import {isAbort, problemOf} from '../problem.js';
import {useOutbox} from './use-outbox.js';

const flushMs = 100;

export function useProbeRunner(outbox: readonly Effect[], dispatch: Dispatch<Action>, services: Services, tasks: Tasks): void {
	const controllers = useRef(new Map<number, AbortController>());
	useOutbox(outbox, ['probe'], dispatch, (effect) => {
		const {context, session} = effect;
		let buffer: ProbeProgress[] = [];
		let timer: NodeJS.Timeout | null = null;
		const flush = () => {
			if (timer !== null) clearTimeout(timer);
			timer = null;
			if (buffer.length === 0) return;
			const events = buffer;
			buffer = [];
			dispatch({type: 'probe-progressed', context, session, events, at: Date.now()});
		};
		const {controller} = tasks.start(async (signal) => {
			try {
				const run = await services.runProbes(context, effect.nodes, {
					signal,
					onProgress(event) {
						buffer.push(event);
						if (event.type === 'planned') flush();
						else timer ??= setTimeout(flush, flushMs);
					},
				});
				flush();
				dispatch({type: 'probe-finished', context, session, run, at: Date.now()});
			} catch (error) {
				flush();
				dispatch({type: 'probe-failed', context, session, problem: problemOf(error), aborted: isAbort(error, signal), at: Date.now()});
			} finally {
				controllers.current.delete(session);
			}
		});
		controllers.current.set(session, controller);
	});
	useOutbox(outbox, ['stop-probe'], dispatch, (effect) => {
		controllers.current.get(effect.session)?.abort(new Error('stopped from the explorer'));
	});
}
