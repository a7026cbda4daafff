import * as pulumi from "@pulumi/pulumi";
import * as path from "path";
import { Observed, PlatformMocks, acceptResourceHooks, boundHooks, observeOptions, record, registeredHooks } from "./mocks";
import { ExportedValue, Registry } from "./registry";
import { ROOT, readStackFile } from "./stackfile";

// Pulumi keeps these @internal; they are what lets a program run to completion without an engine.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { waitForRPCs } = require("@pulumi/pulumi/runtime/settings") as { waitForRPCs(): Promise<void> };

export interface RunOptions {
    stack: string;
    config: Record<string, string>;
    secretKeys?: string[];
    /** Module to run; default: the program's index.ts. */
    entry?: string;
    /** Instead of a module: declare resources in this function (component tests). Its return value is the exports. */
    declare?: () => Record<string, unknown> | void;
}

/** Forgets the project's own modules so the next require runs the program afresh (node_modules stay cached). */
function forgetProjectModules(): void {
    for (const id of Object.keys(require.cache)) {
        if (id.startsWith(ROOT) && !id.includes(`${path.sep}node_modules${path.sep}`) && !id.includes(`${path.sep}test${path.sep}harness${path.sep}`)) {
            delete require.cache[id];
        }
    }
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
    for (const [key, value] of Object.entries(exports)) {
        if (pulumi.Output.isInstance(value)) {
            const o = value as any;
            outputs[key] = { value: await o.promise(), secret: await o.isSecret };
        } else {
            outputs[key] = { value, secret: false };
        }
    }
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
export function runComponent(declare: () => Record<string, unknown> | void, options: { stack?: string; config?: Record<string, string> } = {}): Promise<Registry> {
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
