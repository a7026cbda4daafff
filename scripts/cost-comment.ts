/**
 * The pull request's cost comment: the monthly estimate per stack on the PR head and its delta against the base
 * branch, from the JSON reports of `npm run cost -- --stack <name> --json` on both.
 *   npx tsx scripts/cost-comment.ts --head <dir> --base <dir>    # each dir holds <stack>.json; prints Markdown
 * A stack without a base report is new; one without a head report was removed.
 */
import * as fs from "node:fs";
import * as path from "node:path";

/** The part of a cost report (scripts/cost.ts --json) the comment reads. */
export interface CostReport {
    stack: string;
    currency: string;
    total: number;
    byLayer: Record<string, number>;
}

/** Marks the comment so the workflow edits it instead of adding one per push. */
export const COST_COMMENT_MARKER = "<!-- platform:cost-estimate -->";

const money = (n: number) => `$${n.toFixed(2)}`;
const signed = (n: number) => (Math.abs(n) < 0.005 ? "±$0.00" : `${n > 0 ? "+" : "−"}$${Math.abs(n).toFixed(2)}`);
const percent = (delta: number, base: number) =>
    base > 0 && Math.abs(delta) >= 0.005 ? ` (${delta > 0 ? "+" : "−"}${((Math.abs(delta) / base) * 100).toFixed(1)}%)` : "";

/** Markdown: one row per stack (base, head, delta), then the layers whose estimate moved. */
export function costComment(head: CostReport[], base: CostReport[]): string {
    const byStack = (reports: CostReport[]) => new Map(reports.map((r) => [r.stack, r]));
    const h = byStack(head);
    const b = byStack(base);
    const stacks = [...new Set([...h.keys(), ...b.keys()])].sort();
    const rows = stacks.map((stack) => {
        const now = h.get(stack);
        const before = b.get(stack);
        if (!before) return `| ${stack} | new | ${money(now!.total)} | ${signed(now!.total)} |`;
        if (!now) return `| ${stack} | ${money(before.total)} | removed | ${signed(-before.total)} |`;
        const delta = now.total - before.total;
        return `| ${stack} | ${money(before.total)} | ${money(now.total)} | ${signed(delta)}${percent(delta, before.total)} |`;
    });
    const layers: string[] = [];
    for (const stack of stacks) {
        const now = h.get(stack)?.byLayer ?? {};
        const before = b.get(stack)?.byLayer ?? {};
        for (const layer of [...new Set([...Object.keys(now), ...Object.keys(before)])].sort()) {
            const delta = (now[layer] ?? 0) - (before[layer] ?? 0);
            if (Math.abs(delta) >= 0.005)
                layers.push(`| ${stack} | ${layer} | ${money(before[layer] ?? 0)} | ${money(now[layer] ?? 0)} | ${signed(delta)} |`);
        }
    }
    return [
        COST_COMMENT_MARKER,
        "### Monthly cost estimate (USD, list prices; `npm run cost`)",
        "",
        "| stack | base | this PR | delta |",
        "|---|---:|---:|---:|",
        ...rows,
        "",
        ...(layers.length > 0
            ? [
                  "<details><summary>Layers that changed</summary>",
                  "",
                  "| stack | layer | base | this PR | delta |",
                  "|---|---|---:|---:|---:|",
                  ...layers,
                  "",
                  "</details>",
              ]
            : ["No layer's estimate changed."]),
        "",
    ].join("\n");
}

/** Every `<stack>.json` in a directory; a missing directory (e.g. the base could not be built) is no reports. */
export function readReports(dir: string): CostReport[] {
    if (!fs.existsSync(dir)) return [];
    return fs
        .readdirSync(dir)
        .filter((f) => f.endsWith(".json"))
        .sort()
        .map((f) => JSON.parse(fs.readFileSync(path.join(dir, f), "utf8")) as CostReport);
}

if (require.main === module) {
    const arg = (name: string) => {
        const i = process.argv.indexOf(`--${name}`);
        if (i < 0 || !process.argv[i + 1])
            throw new Error(`missing --${name} <dir> (usage: tsx scripts/cost-comment.ts --head <dir> --base <dir>)`);
        return process.argv[i + 1];
    };
    process.stdout.write(costComment(readReports(arg("head")), readReports(arg("base"))));
}
