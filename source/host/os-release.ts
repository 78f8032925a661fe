// /etc/os-release (os-release(5)): shell-style KEY=value lines, values optionally quoted.
export type OsRelease = {
	readonly id: string | null;
	readonly versionId: string | null;
	readonly prettyName: string | null;
	readonly idLike: readonly string[];
};

export function parseOsRelease(text: string): OsRelease {
	const values = new Map<string, string>();
	for (const raw of text.split('\n')) {
		const line = raw.trim();
		if (line === '' || line.startsWith('#')) continue;
		const match = /^([A-Z0-9_]+)=(.*)$/.exec(line);
		if (!match) continue;
		values.set(match[1], unquote(match[2]));
	}
	const get = (key: string) => {
		const value = values.get(key);
		return value === undefined || value === '' ? null : value;
	};
	return {
		id: get('ID'),
		versionId: get('VERSION_ID'),
		prettyName: get('PRETTY_NAME') ?? get('NAME'),
		idLike: (get('ID_LIKE') ?? '').split(/\s+/).filter(Boolean),
	};
}

function unquote(value: string): string {
	const quote = value[0];
	if ((quote === '"' || quote === "'") && value.endsWith(quote) && value.length >= 2) {
		const inner = value.slice(1, -1);
		return quote === '"' ? inner.replace(/\\(["\\$`])/g, '$1') : inner;
	}
	return value;
}

/**
 * Ubuntu 23.10 introduced the AppArmor user-namespace restriction (opt-in); 24.04 turned it on by
 * default. Versions compare numerically: "24.04" > "23.10".
 */
export function isUbuntuAtLeast(os: OsRelease, version: string): boolean {
	if (os.id !== 'ubuntu' || os.versionId === null) return false;
	const [major, minor] = os.versionId.split('.').map(Number);
	const [wantMajor, wantMinor] = version.split('.').map(Number);
	if (!Number.isFinite(major)) return false;
	return major > wantMajor || (major === wantMajor && (minor ?? 0) >= wantMinor);
}
