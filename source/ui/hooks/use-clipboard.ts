// `c` and `w`: the clipboard (OSC 52) and snippet files; each says what it did.
import type {Dispatch} from 'react';
import type {Action, Effect} from '../model.js';
import type {Services} from '../services.js';
import {problemOf} from '../problem.js';
import {useOutbox} from './use-outbox.js';

export function useClipboard(outbox: readonly Effect[], dispatch: Dispatch<Action>, services: Services): void {
	useOutbox(outbox, ['copy', 'write-file'], dispatch, (effect) => {
		const work = effect.type === 'copy'
			? services.copy(effect.text).then((bytes): Action => ({type: 'copied', what: effect.what, bytes}))
			: services.writeFile(effect.name, effect.text).then((path): Action => ({type: 'written', path}));
		work.then(dispatch, (error: unknown) => dispatch({type: 'effect-failed', problem: problemOf(error)}));
	});
}
