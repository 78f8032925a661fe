// Quitting: abort what still runs, wait for it to settle (probe runs delete their pods), then exit.
import type {Dispatch} from 'react';
import type {Action, Effect} from '../model.js';
import type {Tasks} from '../tasks.js';
import {useOutbox} from './use-outbox.js';

export function useQuit(outbox: readonly Effect[], dispatch: Dispatch<Action>, tasks: Tasks, exit: () => void): void {
	useOutbox(outbox, ['quit'], dispatch, () => {
		// Stops were already requested by the reducer; abort the rest (background checks, loads).
		tasks.abortAll();
		void tasks.settled().then(exit);
	});
}
