// Whether colour is on (off under NO_COLOR / --no-color), for every component without prop drilling.
import {createContext, useContext} from 'react';
import {colorOf, type Tone} from '../theme.js';

export const ColorContext = createContext(true);

/** A function from tone to Ink colour that honours the setting. */
export function useTone(): (tone: Tone | undefined) => string | undefined {
	const isColor = useContext(ColorContext);
	return (tone) => colorOf(tone, isColor);
}
