/**
 * Monthly cost estimate of a stack: runs the program offline (the same run as synth), prices every declared resource
 * from prices/us-east-1.json and prints it per resource and per layer, with the assumptions under the table.
 *   npm run cost [-- --stack <name>] [--json] [--all] [--knobs]
 *   npm run cost -- --tier <dev|staging|prod> [--knobs]     price the tier defaults (stacks/tiers.ts) instead
 * See docs/cost.md.
 */
import { ConfigError } from "../stacks/messages";
import { TIER_DEFAULTS } from "../stacks/tiers";
import { TIERS, Tier } from "../stacks/types";
import { readStackFile } from "../offline/engine/stackfile";
import { CostReport, estimate } from "./cost/estimate";
import { CapacityCost, capacityCost, formatCapacity } from "./cost/capacity";
import { formatReport } from "./cost/format";
import { KnobResult, knobSavings } from "./cost/knobs";
import { DEFAULT_PRICE_FILE, loadPrices } from "./cost/prices";
import { tierModel } from "./cost/tier-model";
import { synth } from "./synth";
import { exitWhenFlushed } from "./exit";

interface Args {
    stack: string;
    tier?: Tier;
    json: boolean;
    all: boolean;
    knobs: boolean;
    prices: string;
}

const USAGE = "use --stack <name>, --tier <dev|staging|prod>, --json, --all, --knobs, --prices <file>";

export function parseArgs(argv: string[]): Args {
    const args: Args = { stack: "dev", json: false, all: false, knobs: false, prices: DEFAULT_PRICE_FILE };
    const tier = (v: string | undefined): Tier => {
        if (!TIERS.includes(v as Tier)) throw new Error(`--tier ${v ?? ""}: not a tier; use one of ${TIERS.join(", ")}`);
        return v as Tier;
    };
    for (let i = 0; i < argv.length; i++) {
        const a = argv[i];
        if (a === "--stack" || a === "-s") args.stack = argv[++i];
        else if (a.startsWith("--stack=")) args.stack = a.slice(8);
        else if (a === "--tier") args.tier = tier(argv[++i]);
        else if (a.startsWith("--tier=")) args.tier = tier(a.slice(7));
        else if (a === "--json") args.json = true;
        else if (a === "--all") args.all = true;
        else if (a === "--knobs") args.knobs = true;
        else if (a === "--prices") args.prices = argv[++i];
        else throw new Error(`unknown argument ${a}; ${USAGE}`);
    }
    if (!args.stack) throw new Error(`--stack needs a name; ${USAGE}`);
    return args;
}

/** The tier a stack file declares (platform:environment), for the knobs. */
function tierOfStack(stack: string): Tier {
    const env = readStackFile(stack).config["platform:environment"];
    return TIERS.includes(env as Tier) ? (env as Tier) : "dev";
}

function formatKnobs(tier: Tier, knobs: KnobResult[]): string {
    const out = ["", `Knobs, priced on the ${tier} tier model (saving per month; negative = costs more):`];
    for (const k of knobs) {
        const amount = `${k.saving < 0 ? "-" : ""}$${Math.abs(k.saving).toFixed(2)}`;
        out.push(`  ${amount.padStart(10)}  ${k.title}${k.applied ? " [already in the tier defaults]" : ""}`);
        out.push(`              ${k.how}`);
        out.push(`              reliability: ${k.reliability}`);
    }
    return out.join("\n");
}

async function main(): Promise<number> {
    const args = parseArgs(process.argv.slice(2));
    const prices = loadPrices(args.prices);
    const now = new Date();
    let report: CostReport;
    let notes: string[] = [];
    let capacity: CapacityCost | undefined;
    if (args.tier) {
        report = estimate(tierModel(args.tier, TIER_DEFAULTS[args.tier]), { stack: args.tier, prices, source: "tier model", region: prices.region, now });
    } else {
        try {
            const { registry, placeholders } = await synth(args.stack);
            report = estimate(registry.resources, { stack: args.stack, prices, now });
            capacity = capacityCost(report, registry.resources, prices, tierOfStack(args.stack));
            if (placeholders.length > 0) notes = [`note: ${placeholders.join(", ")} are encrypted or unset in Pulumi.${args.stack}.yaml; placeholders used (no effect on cost).`];
        } catch (err) {
            if (err instanceof ConfigError) {
                console.error(`cost ${args.stack}: ${err.message}`);
                return 2;
            }
            throw err;
        }
    }
    const tier = args.tier ?? tierOfStack(args.stack);
    const knobs = args.knobs ? knobSavings(tier, TIER_DEFAULTS[tier], prices, now) : undefined;
    if (args.json) {
        console.log(JSON.stringify({ ...report, ...(capacity ? { capacity } : {}), ...(knobs ? { knobs } : {}) }, null, 2));
    } else {
        for (const n of notes) console.log(n);
        console.log(formatReport(report, { all: args.all }));
        if (capacity) console.log(formatCapacity(capacity));
        if (knobs) console.log(formatKnobs(tier, knobs));
    }
    return 0;
}

if (require.main === module) {
    main().then(exitWhenFlushed, (err) => {
        console.error(err instanceof Error ? err.message : err);
        exitWhenFlushed(1);
    });
}
