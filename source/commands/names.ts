// The command names, apart from their modules: the bundle's entry reads them to pick the code cache
// that fits the command about to run (source/boot/main.ts), before any command code loads.
export const commandNames = ['contexts', 'nodes', 'probe', 'host', 'fix', 'explain', 'manifest', 'cleanup', 'report', 'sim'] as const;

export type CommandName = (typeof commandNames)[number];
