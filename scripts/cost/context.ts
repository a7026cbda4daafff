import type { RecordedResource } from "../../offline/engine/registry";
import type { InstanceFamily, PriceTable } from "./prices";

/** What a pricer concludes about one resource. */
export type Priced =
    /** A monthly amount. `partial` names a part of the resource that could not be priced (reported as not priced). */
    | { kind: "priced"; monthly: number; basis: string; partial?: string }
    /** Costs nothing by itself. */
    | { kind: "free"; basis: string }
    /** Billed only by use (GB ingested, requests): listed, never counted as $0 free. */
    | { kind: "usage"; basis: string }
    /** Costs money but this report cannot say how much. */
    | { kind: "notPriced"; reason: string };

export type Pricer = (r: RecordedResource, ctx: PricingContext) => Priced;

/** Everything a pricer may look at besides the resource itself. */
export class PricingContext {
    /** Price keys read while pricing, so the report can name unconfirmed ones it relied on. */
    readonly used = new Set<string>();
    private readonly byId = new Map<string, RecordedResource>();

    constructor(
        readonly prices: PriceTable,
        readonly resources: RecordedResource[],
        /** "Today", for EKS support windows. */
        readonly now: Date,
    ) {
        for (const r of resources) this.byId.set(r.id, r);
    }

    get hours(): number {
        return this.prices.hoursPerMonth;
    }

    /** A rate from the table; an unknown key is a bug in a pricer, so it throws. */
    rate(key: string): number {
        const entry = this.prices.rates[key];
        if (!entry) throw new Error(`price table has no rate ${key}`);
        this.used.add(`rates.${key}`);
        return entry.price;
    }

    /** Hourly on-demand price of an instance type, or undefined when the table does not know it. */
    instance(family: InstanceFamily, type: string | undefined): number | undefined {
        if (!type) return undefined;
        const entry = this.prices.instances[family][type];
        if (!entry) return undefined;
        this.used.add(`instances.${family}.${type}`);
        return entry.price;
    }

    assumption(key: string): number {
        const a = this.prices.assumptions[key];
        if (!a) throw new Error(`price table has no assumption ${key}`);
        return a.value;
    }

    /** The resource the mocks gave this id (ids of other resources appear in inputs). */
    resourceById(id: unknown): RecordedResource | undefined {
        return typeof id === "string" ? this.byId.get(id) : undefined;
    }

    /** EBS-style storage price per GB-month for a volume type (gp3 when unset). */
    ebsRate(volumeType: string | undefined): { rate: number; type: string } | undefined {
        const type = volumeType ?? "gp3";
        const key = `ebs.${type}`;
        if (!this.prices.rates[key]) return undefined;
        return { rate: this.rate(key), type };
    }
}

export const num = (v: unknown, fallback: number): number => {
    const n = typeof v === "string" ? Number(v) : v;
    return typeof n === "number" && Number.isFinite(n) ? n : fallback;
};

/** "$0.0832", "$0.115", "$0.10", "$73.00": up to 4 decimals, at least 2. */
export const usd = (n: number): string => `$${n.toFixed(4).replace(/(\.\d\d\d*?)0+$/, "$1")}`;

/** "$0.0456/h x 730 h x 2 brokers" style basis for an hourly charge. */
export const hourly = (price: number, hours: number, count = 1, what = ""): string =>
    `${usd(price)}/h x ${hours} h${count !== 1 || what ? ` x ${count}${what ? ` ${what}` : ""}` : ""}`;
