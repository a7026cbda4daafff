import * as pulumi from "@pulumi/pulumi";
import * as path from "node:path";
import { type Observed, PlatformMocks, acceptResourceHooks, boundHooks, observeOptions, record, registeredHooks } from "./mocks";
import { type ExportedValue, Registry } from "./registry";
import { ROOT, readStackFile } from "./stackfile";
import { forgetModules, outputValue, waitForRPCs } from "../pulumi-internals";

export interface RunOptions {
    stack: string;
    config: Record<string, string>;
    secretKeys?: string[];
    /** Module to run; default: the program's index.ts. */
    entry?: string;
    /** Instead of a module: declare resources in this function (component tests). Its return value is the exports. */
    // biome-ignore lint/suspicious/noConfusingVoidType: a declare callback may return nothing at all, which `undefined` does not accept.
    declare?: () => Record<string, unknown> | void;
}

/** The program's own modules load afresh per run; offline/ (never imported by the program) keeps its state. */
function forgetProjectModules(): void {
    forgetModules(ROOT, [path.join(ROOT, "offline")]);
}

/**
 * A stack output as the engine settles it: Outputs and promises are resolved at any depth inside lists and objects
 * (the engine serializes exports deeply), and the value is secret when any part of it is. `nested` records an export
 * that is not itself an Output but holds some, such as `[role.arn, other.arn]`.
 */
export async function settleExport(value: unknown): Promise<ExportedValue> {
    let secret = false;
    let nested = false;
    const settle = async (v: unknown, depth: number): Promise<unknown> => {
        if (pulumi.Output.isInstance(v)) {
            if (depth > 0) nested = true;
            if (await pulumi.isSecret(v)) secret = true;
            return settle(await outputValue(v), depth + 1);
        }
        if (v instanceof Promise) return settle(await v, depth + 1);
        if (pulumi.Resource.isInstance(v)) return v;
        if (Array.isArray(v)) return Promise.all(v.map((x) => settle(x, depth + 1)));
        if (v && typeof v === "object" && Object.getPrototypeOf(v) === Object.prototype) {
            const entries = await Promise.all(Object.entries(v).map(async ([k, x]) => [k, await settle(x, depth + 1)] as const));
            return Object.fromEntries(entries);
        }
        return v;
    };
    const settled = await settle(value, 0);
    return nested ? { value: settled, secret, nested: true } : { value: settled, secret };
}

/**
 * Runs the program under mocks with the given config and returns every declared resource and stack output.
 * Mocks and config are set before the program is loaded, as Pulumi requires.
 */
export async function runProgram(options: RunOptions): Promise<Registry> {
    const mocks = new PlatformMocks();
    await pulumi.runtime.setMocks(mocks, "platform", options.stack, false);
    acceptResourceHooks();
    registeredHooks.clear();
    boundHooks.clear();
    pulumi.runtime.setAllConfig(options.config, options.secretKeys ?? []);
    const observed = new Map<string, Observed>();
    let exports: Record<string, unknown> = {};
    forgetProjectModules();
    await pulumi.runtime.runInPulumiStack(async () => {
        pulumi.runtime.registerStackTransformation(observeOptions(observed));
        exports = options.declare ? { ...(options.declare() ?? {}) } : { ...require(options.entry ?? path.join(ROOT, "index.ts")) };
        return undefined;
    });
    const outputs: Record<string, ExportedValue> = {};
    for (const [key, value] of Object.entries(exports)) outputs[key] = await settleExport(value);
    // Registrations finish asynchronously; wait until the queue is drained and no new resource appears.
    let count = -1;
    while (count !== mocks.seen.length) {
        count = mocks.seen.length;
        await waitForRPCs();
        await new Promise((resolve) => setImmediate(resolve));
    }
    return new Registry(await record(mocks, observed), outputs, [...registeredHooks]);
}

/**
 * Runs `declare` under the same mocks as the program, for component tests:
 *   const reg = await runComponent(() => { const db = new Database("db", {...}); return { dsn: db.dsn }; });
 */
export function runComponent(
    // biome-ignore lint/suspicious/noConfusingVoidType: as in RunOptions.declare.
    declare: () => Record<string, unknown> | void,
    options: { stack?: string; config?: Record<string, string> } = {},
): Promise<Registry> {
    return runProgram({ stack: options.stack ?? "test", config: { "aws:region": "us-east-1", ...options.config }, declare });
}

const stackRuns = new Map<string, Promise<Registry>>();

/** The program run for a committed stack file, once per test process: test files share it instead of re-running. */
export function stackRegistry(stack: string): Promise<Registry> {
    let run = stackRuns.get(stack);
    if (!run) {
        const file = readStackFile(stack);
        run = runProgram({ stack, config: file.config, secretKeys: file.secretKeys });
        stackRuns.set(stack, run);
    }
    return run;
}

const variantRuns = new Map<string, Promise<Registry>>();

/**
 * The program run for a committed stack file with extra secret config (e.g. platform:githubToken, which no committed
 * stack file can hold in the clear), once per test process and set of values.
 */
export function stackRegistryWithSecrets(stack: string, secrets: Record<string, string>): Promise<Registry> {
    const key = JSON.stringify([stack, Object.entries(secrets).sort()]);
    let run = variantRuns.get(key);
    if (!run) {
        const file = readStackFile(stack);
        run = runProgram({
            stack,
            config: { ...file.config, ...secrets },
            secretKeys: [...new Set([...file.secretKeys, ...Object.keys(secrets)])],
        });
        variantRuns.set(key, run);
    }
    return run;
}
