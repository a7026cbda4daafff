/** How a config problem reads: the key, the offending value, what is wrong, how to fix it. */

export function show(value: unknown): string {
    return typeof value === "string" ? JSON.stringify(value) : JSON.stringify(value) ?? String(value);
}

export function problem(key: string, value: unknown, what: string): string {
    return `${key}: ${show(value)} ${what}`;
}

export function missing(key: string, how: string): string {
    return `${key} is required. ${how}`;
}

/**
 * True for a ConfigError from any copy of this module: the offline harness reloads the program's modules per run, so
 * `instanceof` against the caller's copy of the class would miss it.
 */
export function isConfigError(err: unknown): err is ConfigError {
    return err instanceof Error && err.name === "ConfigError" && Array.isArray((err as ConfigError).problems);
}

/** Thrown before any resource is declared; lists every problem at once. */
export class ConfigError extends Error {
    constructor(public readonly problems: string[]) {
        super(`Stack config has ${problems.length} problem${problems.length === 1 ? "" : "s"}:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
        this.name = "ConfigError";
    }
}
