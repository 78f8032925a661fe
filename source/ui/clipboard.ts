// OSC 52: the terminal puts the text on the system clipboard. It travels in-band, so it works over
// SSH. Inside tmux it is sent twice: plain (tmux takes it when `set-clipboard on`) and wrapped in a
// DCS passthrough (reaches the outer terminal when `allow-passthrough on`); either way it lands.

export function osc52(text: string, env: NodeJS.ProcessEnv): string {
	const sequence = `\x1b]52;c;${Buffer.from(text, 'utf8').toString('base64')}\x07`;
	if (!env.TMUX) return sequence;
	return `${sequence}\x1bPtmux;${sequence.replaceAll('\x1b', '\x1b\x1b')}\x1b\\`;
}
