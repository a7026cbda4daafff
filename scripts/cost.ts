/**
 * Monthly cost estimate: runs the real program offline (the same run as synth) with a stack's config, prices every
 * declared resource from prices/us-east-1.json and prints it per resource and per layer, with the assumptions under it.
 *   npm run cost [-- --stack <name>] [--json] [--all] [--knobs]
 *   npm run cost -- --tier <dev|staging|prod> [--knobs]     a minimal stack of that tier instead of a stack file
 * --knobs runs the program again once per knob (scripts/cost/knobs.ts). See docs/cost.md.
 */
import { isConfigError } from "../stacks/messages";
import { formatCapacity } from "./cost/capacity";
import { formatReport } from "./cost/format";
import { type KnobResult, knobSavings } from "./cost/knobs";
import { DEFAULT_PRICE_FILE, loadPrices } from "./cost/prices";
import { type CostTarget, TargetError, priceTarget, resolvedConfig, stackTarget, tierTarget } from "./cost/runs";
import { exitWhenFlushed } from "./exit";

interface Args {
    /** Default: dev, when no --tier is given. */
    stack?: string;
    tier?: string;
    json: boolean;
    all: boolean;
    knobs: boolean;
    prices: string;
}

const USAGE = "use --stack <name>, --tier <dev|staging|prod>, --json, --all, --knobs, --prices <file>";

/** Parses the flags; a bad one is a TargetError (exit 2). --tier's value is checked by tierTarget. */
export function parseArgs(argv: string[]): Args {
    const args: Args = { json: false, all: false, knobs: false, prices: DEFAULT_PRICE_FILE };
    const value = (flag: string, v: string | undefined) => {
        if (!v || v.startsWith("-")) throw new TargetError(`${flag} needs a value; ${USAGE}`);
        return v;
    };
    for (let i = 0; i < argv.length; i++) {
        const a = argv[i];
        if (a === "--stack" || a === "-s") args.stack = value(a, argv[++i]);
        else if (a.startsWith("--stack=")) args.stack = value("--stack", a.slice(8));
        else if (a === "--tier") args.tier = value(a, argv[++i]);
        else if (a.startsWith("--tier=")) args.tier = value("--tier", a.slice(7));
        else if (a === "--json") args.json = true;
        else if (a === "--all") args.all = true;
        else if (a === "--knobs") args.knobs = true;
        else if (a === "--prices") args.prices = value(a, argv[++i]);
        else throw new TargetError(`unknown argument ${a}; ${USAGE}`);
    }
    if (args.stack !== undefined && args.tier !== undefined)
        throw new TargetError(`--stack ${args.stack} and --tier ${args.tier}: give one of them`);
    return args;
}

/** The config to price: the stack file, or the tier's minimal stack. Throws a TargetError for an unknown one. */
export function targetOf(args: Args): CostTarget {
    return args.tier !== undefined ? tierTarget(args.tier) : stackTarget(args.stack ?? "dev");
}

function formatKnobs(target: CostTarget, knobs: KnobResult[]): string {
    const out = [
        "",
        `Knobs, each priced by running the program again with one config change on ${target.source} (saving per month on the expected total; negative = costs more):`,
    ];
    for (const k of knobs) {
        const amount = k.saving === null ? "refused" : `${k.saving < 0 ? "-" : ""}$${Math.abs(k.saving).toFixed(2)}`;
        out.push(`  ${amount.padStart(10)}  ${k.title}${k.applied ? " [already on]" : ""}`);
        out.push(`              ${k.key}: ${JSON.stringify(k.value)}`);
        if (k.refused) out.push(`              refused by the config rules: ${k.refused}`);
        out.push(`              reliability: ${k.reliability}`);
    }
    return out.join("\n");
}

async function main(): Promise<number> {
    let target: CostTarget;
    let args: Args;
    try {
        args = parseArgs(process.argv.slice(2));
        target = targetOf(args);
    } catch (err) {
        if (!(err instanceof TargetError)) throw err;
        console.error(`cost: ${err.message}`);
        return 2;
    }
    const prices = loadPrices(args.prices);
    const now = new Date();
    try {
        // The config's own check first, so that a bad config stops before the program runs (same messages as synth).
        resolvedConfig(target);
        const { report, capacity } = await priceTarget(target, prices, now);
        const knobs = args.knobs ? await knobSavings(target, prices, now) : undefined;
        if (args.json) {
            console.log(JSON.stringify({ ...report, ...(capacity ? { capacity } : {}), ...(knobs ? { knobs } : {}) }, null, 2));
            return 0;
        }
        if (target.placeholders.length > 0)
            console.log(
                `note: ${target.placeholders.join(", ")} are encrypted or unset in ${target.source}; placeholders used (no effect on cost).`,
            );
        console.log(formatReport(report, { all: args.all }));
        if (capacity) console.log(formatCapacity(capacity));
        if (knobs) console.log(formatKnobs(target, knobs));
        return 0;
    } catch (err) {
        // The program's own modules are reloaded for each run, so its ConfigError is not this module's class.
        if (!isConfigError(err)) throw err;
        console.error(`cost ${target.stack}: ${err.message}`);
        return 2;
    }
}

if (require.main === module) {
    main().then(exitWhenFlushed, (err) => {
        console.error(err instanceof Error ? err.message : err);
        exitWhenFlushed(1);
    });
}
