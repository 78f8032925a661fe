// The fix's proof: each re-probed node's status before the fix and after it, as results land.
import React from 'react';
import {Text} from 'ink';
import {Table} from 'ink-table';
import type {ProbeStatus} from '../../domain/types.js';
import type {State} from '../model.js';
import {probeLooks} from '../theme.js';
import {truncate} from '../text.js';

type Props = {readonly state: State; readonly context: string; readonly session: number; readonly maxRows: number; readonly width: number};

const word = (status: ProbeStatus | null | undefined) => (status ? `${probeLooks[status].symbol} ${probeLooks[status].word}` : 'not probed');

export function BeforeAfter({state, context, session: id, maxRows, width}: Props) {
	const probes = state.probes[context];
	const session = probes?.session;
	if (session === undefined || session === null || session.id !== id) return <Text dimColor>A newer run replaced this one; p re-probes again.</Text>;
	const nameWidth = Math.max(12, width - 40);
	const data = session.nodes.slice(0, Math.max(1, maxRows)).map((name) => {
		const before = session.previous[name];
		const after = probes!.nodes[name];
		// A stopped run hands an unreached node its earlier result back: that is not an "after".
		const reached = !(session.stopped && (after === undefined || after === before));
		return {node: truncate(name, nameWidth), before: word(before?.status), after: reached ? word(after?.status) : 'not re-probed', gate: reached ? (after?.result?.gate ?? '') : ''};
	});
	const hidden = session.nodes.length - data.length;
	return (
		<>
			<Table data={data} />
			{hidden > 0 ? <Text dimColor>… and {hidden} more nodes (see the pool’s nodes)</Text> : null}
		</>
	);
}
