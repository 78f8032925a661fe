// Every status as a symbol, a word and a colour. The word and symbol always carry the meaning, so
// NO_COLOR (and a support engineer's screen share) loses nothing; colour only adds emphasis.
import type {PredictionStatus, ProbeStatus} from '../domain/types.js';

export type Tone = 'good' | 'bad' | 'warn' | 'busy' | 'muted' | 'info';

export type Look = {readonly symbol: string; readonly word: string; readonly tone: Tone};

export const probeLooks: Readonly<Record<ProbeStatus, Look>> = {
	pending: {symbol: '·', word: 'pending', tone: 'muted'},
	running: {symbol: '↻', word: 'running', tone: 'busy'},
	ok: {symbol: '✓', word: 'ok', tone: 'good'},
	failed: {symbol: '✗', word: 'failed', tone: 'bad'},
	error: {symbol: '!', word: 'error', tone: 'warn'},
	timeout: {symbol: '!', word: 'timeout', tone: 'warn'},
	skipped: {symbol: '-', word: 'skipped', tone: 'muted'},
};

/** Predictions read as predictions: "likely …", never "ok"/"failed". */
export const predictionLooks: Readonly<Record<PredictionStatus, Look>> = {
	'likely-ready': {symbol: '~', word: 'likely ready', tone: 'good'},
	'likely-blocked': {symbol: '~', word: 'likely blocked', tone: 'bad'},
	unknown: {symbol: '?', word: 'unknown', tone: 'muted'},
};

const colors: Readonly<Record<Tone, string | undefined>> = {
	good: 'green',
	bad: 'red',
	warn: 'yellow',
	busy: 'cyan',
	muted: 'gray',
	info: 'blue',
};

/** The Ink colour for a tone, or undefined when colour is off. */
export function colorOf(tone: Tone | undefined, isColor: boolean): string | undefined {
	return isColor && tone !== undefined ? colors[tone] : undefined;
}
