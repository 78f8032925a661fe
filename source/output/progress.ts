// Live progress of a probe run on stderr (only when stderr is a terminal): one updating line.
import type {ProbeProgress} from '../workflows/types.js';

export function progressReporter(stream: NodeJS.WritableStream): (event: ProbeProgress) => void {
	let total = 0;
	let done = 0;
	let running = 0;
	const counts = new Map<string, number>();
	const draw = () => {
		const tally = [...counts].map(([status, count]) => `${count} ${status}`).join(', ');
		stream.write(`\r\x1b[2Kprobing ${done}/${total} nodes · ${running} running${tally ? ` · ${tally}` : ''}`);
	};
	return (event) => {
		if (event.type === 'planned') {
			total = event.nodes.length;
			draw();
		} else if (event.type === 'node') {
			if (event.status === 'running') running++;
			else if (event.result !== null) {
				done++;
				if (event.startedAt !== null) running = Math.max(running - 1, 0);
				counts.set(event.status, (counts.get(event.status) ?? 0) + 1);
			}
			draw();
		} else {
			stream.write('\r\x1b[2K');
		}
	};
}
