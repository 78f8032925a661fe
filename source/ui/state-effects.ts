// Small state helpers shared by the reducer's parts: asking for an effect, and setting the notice.
import type {EffectRequest, Notice, State} from './model.js';

export function emit(state: State, request: EffectRequest): State {
	return {...state, nextId: state.nextId + 1, outbox: [...state.outbox, {...request, id: state.nextId} as State['outbox'][number]]};
}

export function withNotice(state: State, text: string, tone: Notice['tone'] = 'info'): State {
	return {...state, notice: {text, tone}};
}
