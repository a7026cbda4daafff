import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { type ConfigSource, loadStackConfig } from "../../stacks/load";
import { type PlatformConfig, TIERS, type Tier } from "../../stacks/types";
import { REQUIRED_SECRET_KEYS, minimalStackConfig } from "../../offline/engine/minimal-stack";
import { runProgram, stackRegistry } from "../../offline/engine/program";
import type { Registry } from "../../offline/engine/registry";
import { ROOT, readStackFile } from "../../offline/engine/stackfile";
import { type CapacityCost, capacityCost } from "./capacity";
import { type CostReport, estimate } from "./estimate";
import type { PriceTable } from "./prices";

/**
 * What the cost report prices: a stack config handed to the real program under mocks. A committed stack file
 * (`--stack`) or the smallest valid config of a tier (`--tier`, what `pulumi config set` of the README's
 * "A new environment" gives); knobs are the same config with one key changed. Nothing here declares resources.
 */
export interface CostTarget {
    /** The stack name the program runs as (a tier's name for --tier). */
    stack: string;
    tier: Tier;
    config: Record<string, string>;
    secretKeys: string[];
    /** Keys that got a visible placeholder because the stack file holds them encrypted or lacks them. */
    placeholders: string[];
    /** Where the config came from, for the report's header. */
    source: string;
    /** The committed stack file unchanged: its run is the one the tests share (stackRegistry). */
    stackFile?: boolean;
}

/** A bad --stack or --tier: the script prints the message and exits 2, like a config error. */
export class TargetError extends Error {}

/** The committed stack file's config; its tier is its `platform:environment`, which must be set. */
export function stackTarget(stack: string, dir = ROOT): CostTarget {
    const file = path.join(dir, `Pulumi.${stack}.yaml`);
    if (!fs.existsSync(file)) {
        const known = fs
            .readdirSync(dir)
            .map((f) => /^Pulumi\.(.+)\.yaml$/.exec(f)?.[1])
            .filter((s): s is string => !!s)
            .sort();
        throw new TargetError(
            `--stack ${stack}: no stack file Pulumi.${stack}.yaml. Use one of ${known.join(", ") || "(none)"}, ` +
                `create it with pulumi stack init ${stack} (README, "A new environment"), or price a tier with --tier <${TIERS.join("|")}>.`,
        );
    }
    const { config, secretKeys, placeholders } = readStackFile(stack, dir);
    const env = config["platform:environment"];
    if (env === undefined) {
        throw new TargetError(
            `Pulumi.${stack}.yaml: platform:environment is not set, so the stack has no tier. ` +
                `Set it with: pulumi config set platform:environment dev --stack ${stack} (one of ${TIERS.join(", ")}).`,
        );
    }
    if (!TIERS.includes(env as Tier)) {
        throw new TargetError(
            `Pulumi.${stack}.yaml: platform:environment ${JSON.stringify(env)} is not a tier. ` +
                `Use one of ${TIERS.join(", ")}: pulumi config set platform:environment dev --stack ${stack}.`,
        );
    }
    return { stack, tier: env as Tier, config, secretKeys, placeholders, source: `Pulumi.${stack}.yaml`, stackFile: dir === ROOT };
}

/** The smallest valid stack of a tier: every required key, every size from the tier's defaults. */
export function tierTarget(tier: string): CostTarget {
    if (!TIERS.includes(tier as Tier)) throw new TargetError(`--tier ${tier}: not a tier; use one of ${TIERS.join(", ")}`);
    return {
        stack: tier,
        tier: tier as Tier,
        config: minimalStackConfig(tier),
        secretKeys: REQUIRED_SECRET_KEYS,
        placeholders: [],
        source: `a minimal ${tier}-tier stack (required keys only, every size from the tier's defaults)`,
    };
}

/** The config as stacks/ resolves it (tier defaults filled in), to read what a knob would change. */
export function resolvedConfig(target: CostTarget): PlatformConfig {
    const values = target.config;
    const source: ConfigSource = {
        project: "platform",
        stack: target.stack,
        values,
        isSecret: (key) => target.secretKeys.includes(key),
        secret: (key) => pulumi.secret(values[`platform:${key}`]),
    };
    return loadStackConfig(source);
}

/**
 * The target with `platform:<layer>` set to its current object merged with `value` (one level deep: each knob sets
 * whole fields of a layer, e.g. `cluster.nodeGroups`).
 */
export function withLayer(target: CostTarget, layer: string, value: Record<string, unknown>): CostTarget {
    const key = `platform:${layer}`;
    const current = target.config[key] === undefined ? {} : JSON.parse(target.config[key]);
    return { ...target, stackFile: false, config: { ...target.config, [key]: JSON.stringify({ ...current, ...value }) } };
}

// Runs per stack name and config, once per process: the knobs of --stack and the tests reuse them.
const runs = new Map<string, Promise<Registry>>();
// The mocks are process-wide: one program run at a time.
let queue: Promise<unknown> = Promise.resolve();

/** The program's run for the target's config (cached per stack name, config and secret keys). */
export function runTarget(target: CostTarget): Promise<Registry> {
    const key = JSON.stringify([target.stack, Object.entries(target.config).sort(), [...target.secretKeys].sort()]);
    let run = runs.get(key);
    if (!run) {
        const { stack, config, secretKeys } = target;
        run = queue.then(() => (target.stackFile ? stackRegistry(stack) : runProgram({ stack, config, secretKeys })));
        queue = run.catch(() => undefined);
        runs.set(key, run);
        // A failed run (a config error) is not kept: the next caller gets the error again, freshly.
        run.catch(() => runs.delete(key));
    }
    return run;
}

/** How many distinct program runs this process made (for tests: the knobs must not run the base twice). */
export function runCount(): number {
    return runs.size;
}

export interface Priced {
    target: CostTarget;
    registry: Registry;
    report: CostReport;
    capacity?: CapacityCost;
    /** The table's total plus Karpenter's nodes at the expected load: what the knobs compare. */
    expectedTotal: number;
}

/** Runs the program for the target and prices what it declares, with Karpenter's capacity when it has a NodePool. */
export async function priceTarget(target: CostTarget, prices: PriceTable, now: Date): Promise<Priced> {
    const registry = await runTarget(target);
    const report = estimate(registry.resources, { stack: target.stack, prices, now, source: target.source });
    const capacity = capacityCost(report, registry.resources, prices, target.tier);
    return { target, registry, report, capacity, expectedTotal: capacity?.expectedTotal ?? report.total };
}
