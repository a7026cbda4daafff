import type { CostLine, CostReport } from "./estimate";

const money = (n: number) => `$${n.toFixed(2)}`;
const shortType = (type: string) =>
    type.startsWith("pulumi:providers:") ? `provider ${type.split(":")[2]}` : (type.split(":").pop() ?? type);

/** Groups free lines of a layer into one row: "free: 4 x Subnet, 3 x RouteTable, ...". */
function freeSummary(lines: CostLine[]): string | undefined {
    const free = lines.filter((l) => l.kind === "free");
    if (free.length === 0) return undefined;
    const counts = new Map<string, number>();
    for (const l of free) counts.set(shortType(l.type), (counts.get(shortType(l.type)) ?? 0) + 1);
    const parts = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([t, n]) => (n > 1 ? `${n} x ${t}` : t));
    return `${free.length} resource${free.length === 1 ? "" : "s"} free ($0): ${parts.join(", ")}`;
}

/** The human-readable report: per layer, priced and usage-based lines, a free summary, a subtotal; then the total. */
export function formatReport(report: CostReport, options: { all?: boolean } = {}): string {
    const out: string[] = [];
    const label = report.source === "program" ? `stack ${report.stack}` : `stack ${report.stack} (${report.source})`;
    out.push(`Monthly estimate, ${label}, ${report.region}, ${report.currency}`);
    // Root resources (providers) last: the layers are what people read.
    const layers = [...new Set(report.lines.map((l) => l.layer).concat(report.notPriced.map((n) => n.layer)))].sort(
        (a, b) => Number(a === "stack") - Number(b === "stack"),
    );
    const nameWidth = Math.min(40, Math.max(12, ...report.lines.map((l) => l.name.length)));
    const typeWidth = Math.min(28, Math.max(10, ...report.lines.filter((l) => l.kind !== "free").map((l) => shortType(l.type).length)));
    for (const layer of layers) {
        const lines = report.lines.filter((l) => l.layer === layer);
        out.push("", `${layer}  ${money(report.byLayer[layer] ?? 0)}`);
        for (const l of lines) {
            if (l.kind === "free" && !options.all) continue;
            const amount = l.kind === "usage" ? "usage-based" : money(l.monthly ?? 0);
            out.push(`  ${amount.padStart(11)}  ${shortType(l.type).padEnd(typeWidth)}  ${l.name.padEnd(nameWidth)}  ${l.basis}`);
        }
        const free = options.all ? undefined : freeSummary(lines);
        if (free) out.push(`  ${"$0.00".padStart(11)}  ${free}`);
        for (const n of report.notPriced.filter((x) => x.layer === layer)) {
            out.push(`  ${"NOT PRICED".padStart(11)}  ${shortType(n.type).padEnd(typeWidth)}  ${n.name.padEnd(nameWidth)}  ${n.reason}`);
        }
    }
    out.push(
        "",
        `TOTAL  ${money(report.total)} per month${report.notPriced.length > 0 ? `  (+ ${report.notPriced.length} item(s) not priced, see above)` : ""}`,
    );
    const usage = report.lines.filter((l) => l.kind === "usage").length;
    if (usage > 0) out.push(`       + usage-based charges of ${usage} resource(s), not estimated`);
    out.push("", "Assumptions:");
    for (const a of report.assumptions) out.push(`  - ${a}`);
    return out.join("\n");
}
