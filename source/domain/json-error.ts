// Where JSON text first goes wrong. Node 20's JSON.parse names the offending token but often not
// its position, and a customer's 5,000-line dump needs a line number to be fixable.

/** The offset of the first syntax error in `text`, or null when it is valid JSON. */
export function jsonErrorOffset(text: string): number | null {
	let at = 0;
	const fail = (): never => {
		throw at;
	};
	const space = () => {
		while (at < text.length && ' \t\n\r'.includes(text[at])) at++;
	};
	const literal = (word: string) => {
		if (text.startsWith(word, at)) at += word.length;
		else fail();
	};
	const string = () => {
		at++;
		while (at < text.length && text[at] !== '"') {
			if (text[at] === '\\') at++;
			else if (text.charCodeAt(at) < 0x20) fail();
			at++;
		}
		if (at >= text.length) fail();
		at++;
	};
	const number = () => {
		const match = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(at, at + 400));
		if (!match || match[0] === '' || match[0] === '-') fail();
		at += match![0].length;
	};
	const value = (): void => {
		space();
		const char = text[at];
		if (char === '{') {
			at++;
			space();
			if (text[at] === '}') {
				at++;
				return;
			}
			for (;;) {
				space();
				if (text[at] !== '"') fail();
				string();
				space();
				if (text[at] !== ':') fail();
				at++;
				value();
				space();
				if (text[at] === ',') {
					at++;
					continue;
				}
				if (text[at] === '}') {
					at++;
					return;
				}
				fail();
			}
		}
		if (char === '[') {
			at++;
			space();
			if (text[at] === ']') {
				at++;
				return;
			}
			for (;;) {
				value();
				space();
				if (text[at] === ',') {
					at++;
					continue;
				}
				if (text[at] === ']') {
					at++;
					return;
				}
				fail();
			}
		}
		if (char === '"') return string();
		if (char === 't') return literal('true');
		if (char === 'f') return literal('false');
		if (char === 'n') return literal('null');
		return number();
	};
	try {
		value();
		space();
		if (at < text.length) fail();
		return null;
	} catch (offset) {
		if (typeof offset === 'number') return offset;
		throw offset;
	}
}
