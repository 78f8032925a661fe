// The explorer's state, actions and effects. Routes are just screen states (Ink's routing recipe);
// all I/O is an effect the reducer asks for, which a hook performs and answers with a message
// (Bubble Tea's commands), so the reducer stays pure and testable without rendering.
import type {ClusterView, EnvironmentId, Fix, FixCommand, Gate, NodeInfo, ProbeResult, ProbeStatus} from '../domain/types.js';
import type {ContextEntry, ProbeProgress, ProbeRun} from '../workflows/types.js';
import type {HostReport} from '../host/types.js';
import type {KeyPress} from './keymap.js';

/** A one-line cause and the next step (KubeError/UsageError message + hint). */
export type Problem = {readonly message: string; readonly hint: string | null};

/** How the fix walkthrough proves the fix worked on its last step. */
export type Verification = {
	readonly context: string;
	/** Nodes to re-probe (may be empty for a host-only check). */
	readonly nodes: readonly string[];
	/** Also re-run the host check (local clusters). */
	readonly host: boolean;
};

export type Screen =
	| {readonly kind: 'contexts'}
	| {readonly kind: 'pools'; readonly context: string}
	| {readonly kind: 'nodes'; readonly context: string; readonly pool: string}
	| {readonly kind: 'node'; readonly context: string; readonly node: string}
	| {readonly kind: 'host'; readonly context: string}
	| {readonly kind: 'fix'; readonly fix: Fix; readonly step: number; readonly verify: Verification; readonly verifySession: number | null};

export type ListScreen = Extract<Screen, {kind: 'contexts' | 'pools' | 'nodes'}>;

export type Dialog =
	| {readonly kind: 'help'}
	| {readonly kind: 'confirm-stop'; readonly contexts: readonly string[]; readonly then: 'stay' | 'quit'}
	/** Type-to-confirm before a local command; `word` is what must be typed. */
	| {readonly kind: 'confirm-run'; readonly command: FixCommand; readonly word: string; readonly typed: string};

export type ClusterLoad =
	/** `view` is the previous view while a refresh loads, so the screen keeps its rows. */
	| {readonly status: 'loading'; readonly probeAfterLoad: boolean; readonly view: ClusterView | null}
	| {readonly status: 'loaded'; readonly view: ClusterView}
	| {readonly status: 'failed'; readonly problem: Problem};

export type NodeProbe = {
	readonly status: ProbeStatus;
	readonly startedAt: number | null;
	readonly finishedAt: number | null;
	readonly result: ProbeResult | null;
};

export type ProbeSession = {
	readonly id: number;
	readonly nodes: readonly string[];
	/** When the workflow planned the run (null until it did). */
	readonly startedAt: number | null;
	readonly finishedAt: number | null;
	readonly active: boolean;
	readonly stopping: boolean;
	readonly stopped: boolean;
	readonly runId: string | null;
	/** Each target as it was before this run (restored if the run never got to it; the fix's before → after). */
	readonly previous: Readonly<Record<string, NodeProbe | null>>;
	readonly run: ProbeRun | null;
	readonly cleanup: {readonly deleted: number; readonly failed: readonly string[]} | null;
	readonly problem: Problem | null;
};

export type ContextProbes = {
	readonly nodes: Readonly<Record<string, NodeProbe>>;
	readonly session: ProbeSession | null;
};

export type {HostReport};

export type HostCheck =
	| {readonly status: 'checking'; readonly previous: HostReport | null}
	| {readonly status: 'done'; readonly report: HostReport; readonly previous: HostReport | null}
	| {readonly status: 'failed'; readonly problem: Problem};

export type Notice = {readonly text: string; readonly tone: 'info' | 'success' | 'warn' | 'error'};

export type CommandOutcome = {readonly run: string; readonly code: number | null; readonly problem: Problem | null};

export type Effect =
	| {readonly id: number; readonly type: 'check-contexts'}
	| {readonly id: number; readonly type: 'load-cluster'; readonly context: string}
	| {readonly id: number; readonly type: 'probe'; readonly context: string; readonly session: number; readonly nodes: readonly NodeInfo[]}
	| {readonly id: number; readonly type: 'stop-probe'; readonly context: string; readonly session: number}
	| {readonly id: number; readonly type: 'check-host'}
	| {readonly id: number; readonly type: 'copy'; readonly text: string; readonly what: string}
	| {readonly id: number; readonly type: 'write-file'; readonly text: string; readonly name: string}
	| {readonly id: number; readonly type: 'run-command'; readonly command: FixCommand}
	| {readonly id: number; readonly type: 'quit'};

export type EffectRequest = Effect extends infer E ? (E extends {id: number} ? Omit<E, 'id'> : never) : never;

export type State = {
	readonly screen: Screen;
	/** Where Esc/Backspace goes: the screens we came through. */
	readonly history: readonly Screen[];
	readonly dialog: Dialog | null;
	readonly contexts: readonly ContextEntry[];
	readonly contextsLoaded: boolean;
	readonly clusters: Readonly<Record<string, ClusterLoad>>;
	readonly probes: Readonly<Record<string, ContextProbes>>;
	readonly host: HostCheck | null;
	/** Cursor per list (index into the filtered rows). */
	readonly cursors: Readonly<Record<string, number>>;
	/** Lines scrolled past on a screen that is read, not picked from (a node's evidence and output). */
	readonly scrolls: Readonly<Record<string, number>>;
	readonly filters: Readonly<Record<string, string>>;
	readonly isFiltering: boolean;
	readonly notice: Notice | null;
	/** The last local command run from a fix step, shown on that step. */
	readonly lastCommand: CommandOutcome | null;
	readonly isRunningCommand: boolean;
	readonly isQuitting: boolean;
	/** Quit by Ctrl-C: the command exits 2, as an interrupted command does. */
	readonly wasInterrupted: boolean;
	readonly readOnly: boolean;
	readonly nextId: number;
	readonly outbox: readonly Effect[];
};

/** What the reducer needs from the domain, injected so the reducer stays pure and testable. */
export type Catalog = {
	readonly fixFor: (gate: Gate, environment: EnvironmentId | null) => Fix | null;
};

/** The body's size on screen, as the last frame laid it out. */
export type Viewport = {readonly columns: number; readonly height: number};

export type Action =
	/** A raw key press, resolved through the key table against the state it lands on. */
	| {readonly type: 'key-pressed'; readonly press: KeyPress; readonly pageRows: number; readonly viewport?: Viewport}
	/** Ctrl-C: stop every run (deleting its pods) and quit, without asking. */
	| {readonly type: 'interrupt'}
	// keys: navigation
	| {readonly type: 'move-cursor'; readonly delta: number}
	/** Lines; ±Infinity for the top and the end; `max` the furthest the screen scrolls at its size. */
	| {readonly type: 'scroll'; readonly delta: number; readonly max?: number}
	| {readonly type: 'move-to-edge'; readonly edge: 'first' | 'last'}
	| {readonly type: 'open-selection'}
	| {readonly type: 'go-back'}
	| {readonly type: 'open-host-check'}
	| {readonly type: 'toggle-help'}
	| {readonly type: 'close-dialog'}
	| {readonly type: 'request-quit'}
	| {readonly type: 'refresh'}
	// keys: filter
	| {readonly type: 'start-filter'}
	| {readonly type: 'type-filter'; readonly text: string}
	| {readonly type: 'erase-filter'}
	| {readonly type: 'keep-filter'}
	| {readonly type: 'clear-filter'}
	// keys: probing
	| {readonly type: 'probe-selection'}
	| {readonly type: 'probe-everything'}
	| {readonly type: 'request-stop'}
	| {readonly type: 'confirm-stop'}
	// keys: fix walkthrough
	| {readonly type: 'open-fix'}
	| {readonly type: 'next-step'}
	| {readonly type: 'previous-step'}
	| {readonly type: 'copy-current'}
	| {readonly type: 'write-snippet'}
	| {readonly type: 'request-run-command'}
	| {readonly type: 'type-confirmation'; readonly text: string}
	| {readonly type: 'erase-confirmation'}
	| {readonly type: 'submit-confirmation'}
	| {readonly type: 'verify-fix'}
	// messages from effects
	| {readonly type: 'contexts-listed'; readonly contexts: readonly ContextEntry[]}
	| {readonly type: 'context-checked'; readonly entry: ContextEntry}
	| {readonly type: 'cluster-loaded'; readonly context: string; readonly view: ClusterView}
	| {readonly type: 'cluster-failed'; readonly context: string; readonly problem: Problem}
	| {readonly type: 'probe-progressed'; readonly context: string; readonly session: number; readonly events: readonly ProbeProgress[]; readonly at: number}
	| {readonly type: 'probe-finished'; readonly context: string; readonly session: number; readonly run: ProbeRun; readonly at: number}
	| {readonly type: 'probe-failed'; readonly context: string; readonly session: number; readonly problem: Problem; readonly aborted: boolean; readonly at: number}
	| {readonly type: 'host-checked'; readonly report: HostReport}
	| {readonly type: 'host-check-failed'; readonly problem: Problem}
	| {readonly type: 'copied'; readonly what: string; readonly bytes: number}
	| {readonly type: 'written'; readonly path: string}
	| {readonly type: 'effect-failed'; readonly problem: Problem}
	| {readonly type: 'command-started'}
	| {readonly type: 'command-finished'; readonly outcome: CommandOutcome}
	| {readonly type: 'effects-taken'; readonly ids: readonly number[]};
