// The explorer's one useInput. It only forwards the press; the reducer resolves it through the key
// table against the state the press lands on, so fast typing never acts on a stale screen. Off
// while a command owns the terminal.
import type {Dispatch} from 'react';
import {useInput} from 'ink';
import type {Action, Viewport} from '../model.js';

export function useKeys(dispatch: Dispatch<Action>, pageRows: number, isActive: boolean, viewport?: Viewport): void {
	useInput(
		(input, key) => {
			dispatch({type: 'key-pressed', press: {input, key}, pageRows, ...(viewport === undefined ? {} : {viewport})});
		},
		{isActive},
	);
}
