import * as pulumi from "@pulumi/pulumi";

/** How a config problem reads: the key, the offending value, what is wrong, how to fix it. */

/**
 * A machine-applicable fix: set `key` to `value` (a full key with an optional path, as `pulumi config set --path`
 * takes it), or remove it. `stack` as the key renames the stack. Tests apply every fix and expect no problem left.
 */
export interface Fix {
    key: string;
    value?: unknown;
    remove?: true;
    secret?: true;
}

/** One problem: its text (key, value, what is wrong, the fix in words) and the same fix as data. */
export interface Problem {
    key: string;
    text: string;
    fix?: Fix[];
}

export function show(value: unknown): string {
    return typeof value === "string" ? JSON.stringify(value) : (JSON.stringify(value) ?? String(value));
}

const fixes = (fix?: Fix | Fix[]): Fix[] | undefined => (fix === undefined ? undefined : Array.isArray(fix) ? fix : [fix]);

export function problem(key: string, value: unknown, what: string, fix?: Fix | Fix[]): Problem {
    return { key, text: `${key}: ${show(value)} ${what}`, fix: fixes(fix) };
}

export function missing(key: string, how: string, fix?: Fix | Fix[]): Problem {
    return { key, text: `${key} is required. ${how}`, fix: fixes(fix) };
}

/** A problem whose text does not follow the `key: value what` shape (secrets, unknown keys, the stack name). */
export function note(key: string, text: string, fix?: Fix | Fix[]): Problem {
    return { key, text, fix: fixes(fix) };
}

/**
 * True for a ConfigError from any copy of this module: the offline harness reloads the program's modules per run, so
 * `instanceof` against the caller's copy of the class would miss it.
 */
export function isConfigError(err: unknown): err is ConfigError {
    return err instanceof Error && err.name === "ConfigError" && Array.isArray((err as ConfigError).problems);
}

/**
 * Thrown before any resource is declared; lists every problem at once. A RunError, because the Pulumi CLI prints a
 * RunError's message alone: any other error comes with "unhandled exception", a stack trace and its fields.
 */
export class ConfigError extends pulumi.RunError {
    /** The problems' texts, in order. */
    public readonly problems: string[];
    constructor(public readonly details: Problem[]) {
        super(
            `Stack config has ${details.length} problem${details.length === 1 ? "" : "s"}:\n${details.map((p) => `  - ${p.text}`).join("\n")}`,
        );
        this.problems = details.map((p) => p.text);
        this.name = "ConfigError";
    }
}
