// The terminal's size, live: re-renders on every resize.
import {useEffect, useState} from 'react';
import {useStdout} from 'ink';

export type Size = {readonly columns: number; readonly rows: number};

export function useTerminalSize(): Size {
	const {stdout} = useStdout();
	const read = (): Size => ({columns: stdout.columns || 80, rows: stdout.rows || 24});
	const [size, setSize] = useState(read);
	useEffect(() => {
		const onResize = () => setSize(read());
		stdout.on('resize', onResize);
		return () => {
			stdout.off('resize', onResize);
		};
	}, [stdout]);
	return size;
}
