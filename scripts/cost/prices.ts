import * as fs from "node:fs";
import * as path from "node:path";

/** One dated list price. */
export interface PriceEntry {
    price: number;
    /** What `price` is per: "hour", "GB-month", "key-month"... */
    unit: string;
    /** The AWS pricing page the price belongs to. */
    source: string;
    /** ISO date the price was last checked. */
    checked: string;
    /** What the price was checked against (the AWS pages cannot be fetched from the build). */
    checkedVia?: string;
    note?: string;
    /** Not matched in any source during the last check: the report lists it when used. */
    unconfirmed?: boolean;
}

export interface Assumption {
    value: number;
    unit: string;
    source: string;
    checked: string;
    checkedVia?: string;
    note?: string;
}

export interface RegionFactor {
    factor: number;
    basis: string;
    source: string;
    checked: string;
    checkedVia?: string;
    note?: string;
}

export type InstanceFamily = "ec2" | "rds" | "msk" | "opensearch";

/** prices/<region>.json */
export interface PriceTable {
    region: string;
    currency: string;
    hoursPerMonth: number;
    checked: string;
    rates: Record<string, PriceEntry>;
    instances: Record<InstanceFamily, Record<string, PriceEntry>>;
    /** Kubernetes minor version -> last day of EKS standard support. */
    eksStandardSupportEnd: Record<string, { date: string; source: string; checked: string; checkedVia?: string }>;
    assumptions: Record<string, Assumption>;
    /** Multipliers on the us-east-1 prices for other regions, where a basis is known. */
    regionFactors: Record<string, RegionFactor>;
}

export const DEFAULT_PRICE_FILE = path.resolve(__dirname, "..", "..", "prices", "us-east-1.json");

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const REQUIRED_ASSUMPTIONS = [
    "spotDiscount",
    "vpnUsers",
    "vpnHoursPerUser",
    "lcuPerLoadBalancer",
    "defaultRootVolumeGb",
    "mskDefaultVolumeGb",
];

/** Every problem with a price table, as readable sentences; empty when the table is usable. */
export function validatePrices(table: PriceTable): string[] {
    const problems: string[] = [];
    const checkEntry = (where: string, e: PriceEntry | undefined) => {
        if (!e) return problems.push(`${where}: missing`);
        if (typeof e.price !== "number" || !(e.price > 0)) problems.push(`${where}: price must be a positive number`);
        if (!e.unit) problems.push(`${where}: unit is missing`);
        if (!/^https?:\/\//.test(e.source ?? "")) problems.push(`${where}: source must be a URL`);
        if (!ISO_DATE.test(e.checked ?? "")) problems.push(`${where}: checked must be an ISO date (YYYY-MM-DD)`);
        return undefined;
    };
    if (!(table.hoursPerMonth > 0)) problems.push("hoursPerMonth must be positive");
    for (const [key, e] of Object.entries(table.rates ?? {})) checkEntry(`rates.${key}`, e);
    for (const family of ["ec2", "rds", "msk", "opensearch"] as InstanceFamily[]) {
        const entries = table.instances?.[family];
        if (!entries || Object.keys(entries).length === 0) problems.push(`instances.${family}: missing`);
        for (const [type, e] of Object.entries(entries ?? {})) checkEntry(`instances.${family}.${type}`, e);
    }
    for (const [version, e] of Object.entries(table.eksStandardSupportEnd ?? {})) {
        if (!ISO_DATE.test(e.date)) problems.push(`eksStandardSupportEnd.${version}: date must be an ISO date`);
        if (!ISO_DATE.test(e.checked ?? "")) problems.push(`eksStandardSupportEnd.${version}: checked must be an ISO date`);
    }
    for (const key of REQUIRED_ASSUMPTIONS) {
        const a = table.assumptions?.[key];
        if (!a || typeof a.value !== "number") problems.push(`assumptions.${key}: missing`);
        else if (!ISO_DATE.test(a.checked ?? "")) problems.push(`assumptions.${key}: checked must be an ISO date`);
    }
    const spot = table.assumptions?.spotDiscount?.value;
    if (spot !== undefined && !(spot >= 0 && spot < 1)) problems.push("assumptions.spotDiscount: must be a fraction in [0, 1)");
    for (const [region, f] of Object.entries(table.regionFactors ?? {})) {
        if (!(f.factor > 0)) problems.push(`regionFactors.${region}: factor must be positive`);
        if (!ISO_DATE.test(f.checked ?? "")) problems.push(`regionFactors.${region}: checked must be an ISO date`);
    }
    return problems;
}

/** Reads and validates a price table; throws listing every problem. */
export function loadPrices(file = DEFAULT_PRICE_FILE): PriceTable {
    const table = JSON.parse(fs.readFileSync(file, "utf8")) as PriceTable;
    const problems = validatePrices(table);
    if (problems.length > 0) throw new Error(`${path.basename(file)} is not a usable price table:\n  ${problems.join("\n  ")}`);
    return table;
}
