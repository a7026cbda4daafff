import { TIERS } from "../../stacks/types";
import { type KnobResult, knobSavings } from "./knobs";
import type { PriceTable } from "./prices";
import { type CostTarget, type Priced, priceTarget, stackTarget, tierTarget } from "./runs";

/**
 * The generated parts of docs/cost.md and README.md: every number in them is a run of the real program, priced.
 * `npm run cost-docs` rewrites them; test/cost-docs.test.ts fails when they drift from the program.
 */
export const TOTALS = { begin: "<!-- cost-totals:begin (npm run cost-docs) -->", end: "<!-- cost-totals:end -->" };
export const KNOBS_TABLE = { begin: "<!-- cost-knobs:begin (npm run cost-docs) -->", end: "<!-- cost-knobs:end -->" };
/** The committed stacks the docs price. */
export const DOC_STACKS = ["dev", "staging"];
/** The tiers whose knobs the docs list, one column each. */
export const KNOB_TIERS = ["dev", "staging"] as const;

export const money = (n: number) => `$${n.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;

const top = (p: Priced) =>
    Object.entries(p.report.byLayer)
        .sort((a, b) => b[1] - a[1])
        .map(([l, v]) => `${l} $${Math.round(v)}`)
        .join(", ");

/** One table row per committed stack and per tier's minimal stack: the table's total, expected and ceiling. */
export async function totalsTable(prices: PriceTable, now: Date): Promise<string> {
    const targets: [string, CostTarget][] = [
        ...DOC_STACKS.map((s): [string, CostTarget] => [`stack ${s} (\`--stack ${s}\`)`, stackTarget(s)]),
        ...TIERS.map((t): [string, CostTarget] => [`a new ${t}-tier stack (\`--tier ${t}\`)`, tierTarget(t)]),
    ];
    const rows = [
        "| what | monthly estimate (us-east-1, on-demand, 730 h; usage excluded) | with Karpenter's expected load | ceiling (NodePool limits in use) |",
        "|---|---|---|---|",
    ];
    for (const [label, target] of targets) {
        const p = await priceTarget(target, prices, now);
        const c = p.capacity;
        rows.push(
            `| ${label} | **${money(p.report.total)}** (${top(p)}) | **${money(p.expectedTotal)}** | ${c ? money(c.ceilingTotal) : "no NodePool"} |`,
        );
    }
    return [TOTALS.begin, ...rows, TOTALS.end].join("\n");
}

const cell = (k: KnobResult) =>
    k.saving === null
        ? "refused by the config rules"
        : `${k.saving < 0 ? `-${money(-k.saving)} (costs more)` : money(k.saving)}${k.applied ? " (already on)" : ""}`;

/** The knobs, one column per tier's minimal stack. */
export async function knobsTable(prices: PriceTable, now: Date, tiers: readonly string[] = KNOB_TIERS): Promise<string> {
    const columns: KnobResult[][] = [];
    for (const t of tiers) columns.push(await knobSavings(tierTarget(t), prices, now));
    const rows = [
        `| knob | config | ${tiers.join(" | ")} | what it costs in reliability |`,
        `|---|---|${tiers.map(() => "---|").join("")}---|`,
    ];
    columns[0].forEach((k, i) => {
        rows.push(`| ${k.title} | \`${k.key}\` ${knobValue(k)} | ${columns.map((c) => cell(c[i])).join(" | ")} | ${k.reliability} |`);
    });
    return [KNOBS_TABLE.begin, ...rows, KNOBS_TABLE.end].join("\n");
}

/** A knob's value for the table: node groups shortened to the field the knob sets. */
function knobValue(k: KnobResult): string {
    const v = k.value as Record<string, unknown>;
    const groups = v.nodeGroups as Record<string, unknown>[] | undefined;
    if (groups)
        return k.id === "spot"
            ? "`nodeGroups[*].capacityType: SPOT`"
            : `\`nodeGroups[*].instanceTypes: ${JSON.stringify(groups[0].instanceTypes)}\``;
    return Object.entries(v)
        .map(([key, x]) => `\`${key}: ${JSON.stringify(x)}\``)
        .join(", ");
}

/** The text with the part between the markers replaced by `block` (which holds the markers). */
export function replaceBlock(text: string, markers: { begin: string; end: string }, block: string): string {
    const start = text.indexOf(markers.begin);
    const end = text.indexOf(markers.end);
    if (start < 0 || end < start) throw new Error(`markers ${markers.begin} ... ${markers.end} not found`);
    return text.slice(0, start) + block + text.slice(end + markers.end.length);
}

/** The part between the markers, markers included. */
export function blockOf(text: string, markers: { begin: string; end: string }): string | undefined {
    const start = text.indexOf(markers.begin);
    const end = text.indexOf(markers.end);
    return start < 0 || end < start ? undefined : text.slice(start, end + markers.end.length);
}

/**
 * The date the generated tables are priced at: the price table's own date, not today. A price that changes with time
 * (EKS extended support from a version's end of standard support) then changes the docs only when the table is
 * re-checked and the docs regenerated, never by the calendar alone.
 */
export function docsDate(prices: PriceTable): Date {
    return new Date(`${prices.checked}T12:00:00Z`);
}
