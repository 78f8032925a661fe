// The build makes string-width test a grapheme against /^\p{RGI_Emoji}$/v only when it holds an
// Extended_Pictographic or Emoji_Presentation code point or U+20E3 (scripts/build-plugins.mjs).
// That is only sound if no RGI emoji lacks all three: checked here over every code point and every
// kind of emoji sequence Unicode defines (keycaps, flags, tag flags, modifiers, ZWJ sequences).
import {test} from 'node:test';
import assert from 'node:assert/strict';
// @ts-expect-error -- a plain .mjs build script, no types
import {stringWidthEmojiTest} from '../../scripts/build-plugins.mjs';

const rgi = new RegExp('^\\p{RGI_Emoji}$', 'v');
const isRgiEmoji = new Function(`${stringWidthEmojiTest as string}\nreturn isRgiEmoji;`)() as (segment: string) => boolean;

function* candidates(): Generator<string> {
	for (let point = 0; point <= 0x10ffff; point++) {
		if (point >= 0xd800 && point <= 0xdfff) continue;
		const char = String.fromCodePoint(point);
		yield char;
		// Only an Emoji code point can take the emoji presentation selector into an RGI emoji.
		if (/\p{Emoji}/u.test(char)) yield `${char}\uFE0F`;
	}
	for (const key of '0123456789#*') yield `${key}\uFE0F\u20E3`;
	const indicators = Array.from({length: 26}, (_, index) => String.fromCodePoint(0x1f1e6 + index));
	for (const first of indicators) for (const second of indicators) yield first + second;
	const tag = (text: string) => [...text].map((letter) => String.fromCodePoint(0xe0000 + letter.charCodeAt(0))).join('');
	for (const region of ['gbeng', 'gbsct', 'gbwls']) yield `\u{1F3F4}${tag(region)}\u{E007F}`;
	const modifiers = ['\u{1F3FB}', '\u{1F3FC}', '\u{1F3FD}', '\u{1F3FE}', '\u{1F3FF}'];
	for (let point = 0x2600; point <= 0x1faff; point++) {
		const base = String.fromCodePoint(point);
		if (!/\p{Emoji_Modifier_Base}/u.test(base)) continue;
		for (const modifier of modifiers) yield base + modifier;
	}
	// ZWJ sequences: families, professions, couples, hair styles, with and without skin tones.
	yield* ['\u{1F468}\u200D\u{1F469}\u200D\u{1F467}\u200D\u{1F466}', '\u{1F469}\u200D\u{1F4BB}', '\u{1F469}\u{1F3FD}\u200D\u{1F4BB}', '\u{1F9D1}\u200D\u{1F91D}\u200D\u{1F9D1}', '\u{1F3F3}\uFE0F\u200D\u{1F308}', '\u{1F441}\uFE0F\u200D\u{1F5E8}\uFE0F', '\u{1F468}\u200D\u2764\uFE0F\u200D\u{1F468}', '\u{1F9D4}\u200D\u2642\uFE0F'];
}

test('every RGI emoji passes the cheap pre-test, so the patched width test answers as the original', () => {
	let emoji = 0;
	let checked = 0;
	for (const candidate of candidates()) {
		const expected = rgi.test(candidate);
		if (expected) emoji++;
		checked++;
		if (isRgiEmoji(candidate) !== expected) assert.fail(`${JSON.stringify(candidate)} (${[...candidate].map((char) => char.codePointAt(0)!.toString(16)).join(' ')}): the patched test says ${!expected}, RGI_Emoji says ${expected}`);
	}
	// Node 20's Unicode: ~1,400 single code points (with or without U+FE0F), 258 flags, ~650
	// modifier sequences, 12 keycaps, 3 tag flags: 2,347 here.
	assert.ok(emoji > 2000, `only ${emoji} RGI emoji among ${checked} candidates: the generator lost some`);
});

test('what prg-doctor draws (borders, arrows, status symbols) never reaches the big emoji regex', () => {
	for (const char of '›✓✗…—·↻■→←↑↓↵⌫│─╭╮╰╯┌┐└┘├┤┬┴┼') assert.equal(/[\p{Extended_Pictographic}\p{Emoji_Presentation}\u20E3]/u.test(char), false, char);
});
