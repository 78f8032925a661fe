// The time, ticking only while something shows elapsed time (a probe run), so an idle explorer
// does not redraw.
import {useEffect, useState} from 'react';

export function useClock(isTicking: boolean, intervalMs = 250): number {
	const [now, setNow] = useState(Date.now);
	useEffect(() => {
		if (!isTicking) return;
		setNow(Date.now());
		const timer = setInterval(() => setNow(Date.now()), intervalMs);
		return () => clearInterval(timer);
	}, [isTicking, intervalMs]);
	return now;
}
