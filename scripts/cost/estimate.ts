import type { RecordedResource } from "../../offline/engine/registry";
import { priceResource } from "./catalog";
import { PricingContext } from "./context";
import type { PriceTable } from "./prices";

export interface CostLine {
    /** Top-level component the resource sits under: platform:network:Network -> "network"; "stack" for root resources. */
    layer: string;
    type: string;
    name: string;
    kind: "priced" | "free" | "usage";
    /** USD per month; 0 when free; null when usage-based (not estimated). */
    monthly: number | null;
    basis: string;
}

export interface NotPriced {
    layer: string;
    type: string;
    name: string;
    reason: string;
}

export interface CostReport {
    stack: string;
    /** The config the program ran with: "Pulumi.dev.yaml", or a tier's minimal stack. */
    source: string;
    region: string;
    currency: string;
    hoursPerMonth: number;
    regionFactor: number;
    pricesChecked: string;
    lines: CostLine[];
    byLayer: Record<string, number>;
    total: number;
    notPriced: NotPriced[];
    assumptions: string[];
}

export interface EstimateOptions {
    stack: string;
    prices: PriceTable;
    /** Default: "program". */
    source?: string;
    /** Default: the region of the program's aws provider, else the table's region. */
    region?: string;
    /** Default: the current date. */
    now?: Date;
}

export const round2 = (n: number) => Math.round(n * 100) / 100;

/** The layer of a resource: the `platform:<layer>:` token of its top-most ancestor, through the parent chain. */
export function layerOf(r: RecordedResource, byKey: Map<string, RecordedResource>): string {
    let top = r;
    const seen = new Set<string>();
    while (top.parent && !seen.has(top.key)) {
        seen.add(top.key);
        const parent = byKey.get(top.parent);
        if (!parent) break;
        top = parent;
    }
    const match = /^platform:([^:]+):/.exec(top.type);
    return match ? match[1] : "stack";
}

/** The region the program's aws provider targets. */
export function programRegion(resources: RecordedResource[]): string | undefined {
    return resources.find((r) => r.type === "pulumi:providers:aws" && typeof r.inputs.region === "string")?.inputs.region;
}

/** Prices every resource and sums by layer. Monthly amounts are rounded to cents per line; the total is their sum. */
export function estimate(resources: RecordedResource[], options: EstimateOptions): CostReport {
    const { prices } = options;
    const region = options.region ?? programRegion(resources) ?? prices.region;
    const factorEntry = prices.regionFactors[region];
    const factor = factorEntry?.factor ?? 1;
    const ctx = new PricingContext(prices, resources, options.now ?? new Date());
    const byKey = new Map(resources.map((r) => [r.key, r]));
    const lines: CostLine[] = [];
    const notPriced: NotPriced[] = [];
    for (const r of resources) {
        const layer = layerOf(r, byKey);
        const verdict = priceResource(r, ctx);
        const id = { layer, type: r.type, name: r.name };
        if (verdict.kind === "notPriced") {
            notPriced.push({ ...id, reason: verdict.reason });
        } else if (verdict.kind === "priced") {
            const scaled = factor === 1 ? verdict.basis : `${verdict.basis}; x ${factor} (${region})`;
            lines.push({ ...id, kind: "priced", monthly: round2(verdict.monthly * factor), basis: scaled });
            if (verdict.partial) notPriced.push({ ...id, reason: `part not priced: ${verdict.partial}` });
        } else {
            lines.push({ ...id, kind: verdict.kind, monthly: verdict.kind === "free" ? 0 : null, basis: verdict.basis });
        }
    }
    const byLayer: Record<string, number> = {};
    for (const l of lines) if (l.monthly !== null && l.kind === "priced") byLayer[l.layer] = round2((byLayer[l.layer] ?? 0) + l.monthly);
    const total = round2(lines.reduce((sum, l) => sum + (l.monthly ?? 0), 0));
    return {
        stack: options.stack,
        source: options.source ?? "program",
        region,
        currency: prices.currency,
        hoursPerMonth: prices.hoursPerMonth,
        regionFactor: factor,
        pricesChecked: prices.checked,
        lines,
        byLayer,
        total,
        notPriced,
        assumptions: assumptions(prices, region, factorEntry !== undefined, ctx.used),
    };
}

function assumptions(prices: PriceTable, region: string, knownRegion: boolean, used: Set<string>): string[] {
    const a = (key: string) => prices.assumptions[key].value;
    const out = [
        `${prices.hoursPerMonth} hours per month; on-demand list prices of ${prices.region}, checked ${prices.checked} (prices/${prices.region}.json).`,
        region === prices.region
            ? `Region ${region}.`
            : knownRegion
              ? `Region ${region}: every amount x ${prices.regionFactors[region].factor} (${prices.regionFactors[region].basis}).`
              : `Region ${region}: no factor known, amounts are ${prices.region} prices.`,
        "Excluded: data transfer, NAT and endpoint GB processed, requests, API calls, log ingestion, backups beyond the free allowance, taxes, credits, Savings Plans and reserved instances.",
        `Spot node groups: ${Math.round(a("spotDiscount") * 100)}% off on-demand (spot prices float; interruptions are not modelled).`,
        `Node groups at their desired size, priced at their first instance type; volumes at GB-month of provisioned size.`,
        `Storage per GB-month as provisioned (EBS gp3 $${prices.rates["ebs.gp3"].price}, RDS, MSK, OpenSearch volumes); Multi-AZ RDS doubles instance and storage.`,
        `Load balancers: ${a("lcuPerLoadBalancer")} LCU/NLCU per hour; internet-facing ones also pay a public IPv4 per subnet.`,
        `Client VPN: associations billed all month, or in their scheduled hours; connections ${a("vpnUsers")} users x ${a("vpnHoursPerUser")} h on an endpoint with an association.`,
        "Account-level free tiers (3 dashboards, 10 alarms, 20,000 KMS requests) are not applied: several environments share them.",
        'Usage-based resources (log groups, buckets, topics) are listed as "usage-based", not counted as $0.',
    ];
    const unconfirmed = [...used].filter((k) => {
        const [group, a1, ...rest] = k.split(".");
        const entry =
            group === "rates"
                ? prices.rates[[a1, ...rest].join(".")]
                : prices.instances[a1 as keyof PriceTable["instances"]]?.[rest.join(".")];
        return entry?.unconfirmed === true;
    });
    if (unconfirmed.length > 0) out.push(`Unconfirmed prices used (re-check before relying on them): ${unconfirmed.join(", ")}.`);
    return out;
}
