// Takes the effects of some types from the reducer's outbox, once each, and hands them to `handle`.
// Each hook below subscribes to its own effect types, the way tap's reporter hooks each subscribe to
// one event.
import {useEffect, useRef, type Dispatch} from 'react';
import type {Action, Effect} from '../model.js';

export function useOutbox<T extends Effect['type']>(outbox: readonly Effect[], types: readonly T[], dispatch: Dispatch<Action>, handle: (effect: Extract<Effect, {type: T}>) => void): void {
	const seen = useRef(new Set<number>());
	const handler = useRef(handle);
	handler.current = handle;
	useEffect(() => {
		const fresh = outbox.filter((effect): effect is Extract<Effect, {type: T}> => types.includes(effect.type as T) && !seen.current.has(effect.id));
		if (fresh.length === 0) return;
		for (const effect of fresh) seen.current.add(effect.id);
		dispatch({type: 'effects-taken', ids: fresh.map((effect) => effect.id)});
		for (const effect of fresh) handler.current(effect);
	}, [outbox]);
}
