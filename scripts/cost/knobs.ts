import { DEFAULT_OFFICE_HOURS, weeklyHours } from "../../stacks/schedule";
import { TierDefaults } from "../../stacks/tiers";
import { RecordedResource } from "../../offline/engine/registry";
import { CostReport, estimate, round2 } from "./estimate";
import { PriceTable } from "./prices";
import { MODEL_COUNTS, ModelCounts, recorded, tierModel } from "./tier-model";

/**
 * The settings that move a tier's bill most, each priced on the tier model as "without the knob" minus "with it".
 * A knob the tier already uses (dev's spot nodes) shows what it is saving; a negative saving means the knob costs more.
 */
export interface KnobResult {
    id: string;
    title: string;
    /** USD per month saved by turning the knob (negative: it costs more). */
    saving: number;
    /** The tier's defaults already use it: `saving` is what it saves today. */
    applied: boolean;
    how: string;
    reliability: string;
}

type PriceFn = (t: TierDefaults, edit?: (rs: RecordedResource[]) => RecordedResource[]) => CostReport;

interface Knob {
    id: string;
    title: string;
    reliability: string;
    /** The tier with and without the knob, as model resources or as a priced report. */
    compare(t: TierDefaults, price: PriceFn): { without: number; with: number; applied: boolean; how: string };
}

const swapType = (rs: RecordedResource[], from: string, to: (r: RecordedResource) => RecordedResource) => rs.map((r) => (r.type === from ? to(r) : r));

const KNOBS: Knob[] = [
    {
        id: "vpn-office-hours",
        title: "Client VPN subnet association only in office hours",
        reliability: `No VPN outside the window (default ${DEFAULT_OFFICE_HOURS.days} ${DEFAULT_OFFICE_HOURS.start}-${DEFAULT_OFFICE_HOURS.end} ${DEFAULT_OFFICE_HOURS.timezone}, platform:vpn.officeHours); `
            + "associating takes ~10 minutes, at the start of the window and for an out-of-hours incident alike. Outside the window, "
            + "`pulumi stack output vpnAssociateNow` gives the command that associates now; the stop schedule releases it at the next scheduled end time (after a Friday evening, Monday's), or `vpnReleaseNow` earlier. "
            + "`pulumi destroy` must run with `--run-program`, so that the delete hook releases the associations (AWS refuses to delete an associated endpoint or subnet).",
        compare(t, price) {
            const as = (alwaysOn: boolean) => ({ ...t, vpn: { ...t.vpn, alwaysOn } });
            const n = t.vpn.enabled ? t.vpn.subnetAssociations : 0;
            const h = DEFAULT_OFFICE_HOURS;
            const weekly = weeklyHours(h);
            const report = price(as(false));
            const monthly = (weekly * report.hoursPerMonth) / 168;
            return {
                without: price(as(true)).total,
                with: report.total,
                applied: !t.vpn.alwaysOn,
                how: `${n} association(s) ${monthly.toFixed(2)} h instead of ${report.hoursPerMonth} h (${h.days} ${h.start}-${h.end} ${h.timezone}: ${weekly} h/week); EventBridge Scheduler associates, a Step Functions workflow releases (platform:vpn.alwaysOn: false)`,
            };
        },
    },
    {
        id: "container-insights-off",
        title: "Container Insights off (no amazon-cloudwatch-observability add-on)",
        reliability: "The dashboard loses its EKS node and utilization widgets (platform:cluster.containerInsights: false); Prometheus and Grafana still have the nodes' and pods' metrics, inside the cluster, so they are gone when the cluster is.",
        compare(t, price) {
            const as = (containerInsights: boolean) => ({ ...t, cluster: { ...t.cluster, containerInsights } });
            return { without: price(as(true)).total, with: price(as(false)).total, applied: !t.cluster.containerInsights, how: "no standard Container Insights custom metrics (platform:cluster.containerInsights: false)" };
        },
    },
    {
        id: "nat-instance",
        title: "NAT instance (t4g.nano) instead of NAT gateway",
        reliability: "One instance you patch and replace; no managed failover; bursty bandwidth (t4g.nano baseline ~32 Mbit/s): an image pull storm slows down. Fine for dev, not for staging/prod.",
        compare(t, price) {
            const nat = (r: RecordedResource) => recorded("aws:ec2/instance:Instance", r.name, { instanceType: "t4g.nano", sourceDestCheck: false, rootBlockDevice: { volumeSize: 8, volumeType: "gp3" } }, r.parent);
            return { without: price(t).total, with: price(t, (rs) => swapType(rs, "aws:ec2/natGateway:NatGateway", nat)).total, applied: false, how: "each NAT gateway replaced by a t4g.nano with an 8 GB gp3 root; its Elastic IP stays" };
        },
    },
    {
        id: "msk-serverless",
        title: "MSK Serverless instead of provisioned brokers",
        reliability: "No broker sizing or patching, IAM auth only, per-partition limits; billed from a $0.75/h floor whether or not anything is produced.",
        compare(t, price) {
            const serverless = (r: RecordedResource) => recorded("aws:msk/serverlessCluster:ServerlessCluster", r.name, {}, r.parent);
            return { without: price(t).total, with: price(t, (rs) => swapType(rs, "aws:msk/cluster:Cluster", serverless)).total, applied: false, how: "cluster-hour floor only (partitions and data extra)" };
        },
    },
    {
        id: "spot",
        title: "SPOT capacity for the node group",
        reliability: "Nodes can be reclaimed with 2 minutes' notice; two instance types in the group make an empty pool less likely. Stateful pods (Prometheus) restart elsewhere.",
        compare(t, price) {
            const as = (capacityType: "SPOT" | "ON_DEMAND") => ({ ...t, cluster: { ...t.cluster, nodeGroup: { ...t.cluster.nodeGroup, capacityType } } });
            return { without: price(as("ON_DEMAND")).total, with: price(as("SPOT")).total, applied: t.cluster.nodeGroup.capacityType === "SPOT", how: `${t.cluster.nodeGroup.desiredSize} x ${t.cluster.nodeGroup.instanceTypes[0]} spot vs on-demand` };
        },
    },
    {
        id: "opensearch-single-node",
        title: "OpenSearch single node (no zone awareness)",
        reliability: "One node: an AZ or node failure makes search and trace storage unavailable until AWS replaces it; no replica shards.",
        compare(t, price) {
            const nodes = (instanceCount: number, zoneCount: number) => ({ ...t, search: { ...t.search, instanceCount, zoneCount } });
            const single = t.search.instanceCount === 1;
            const multi = single ? 2 : t.search.instanceCount;
            return { without: price(nodes(multi, Math.max(2, t.search.zoneCount))).total, with: price(nodes(1, 1)).total, applied: single, how: `1 x ${t.search.instanceType} instead of ${multi}` };
        },
    },
    {
        id: "nodes-t3.medium",
        title: "t3.medium nodes instead of the tier's node type",
        reliability: "2 vCPU / 4 GiB per node: the platform's own pods (Prometheus, Flux, ingress, Jaeger, Fluent Bit) leave little room; the group scales out to maxSize sooner, which costs back part of the saving.",
        compare(t, price) {
            const medium = { ...t, cluster: { ...t.cluster, nodeGroup: { ...t.cluster.nodeGroup, instanceTypes: ["t3.medium"] } } };
            return { without: price(t).total, with: price(medium).total, applied: t.cluster.nodeGroup.instanceTypes[0] === "t3.medium", how: `${t.cluster.nodeGroup.desiredSize} x t3.medium instead of ${t.cluster.nodeGroup.instanceTypes[0]}` };
        },
    },
];

/** Savings of every knob for a tier's defaults, computed on the tier model with the given price table. */
export function knobSavings(name: string, t: TierDefaults, prices: PriceTable, now: Date, counts: ModelCounts = MODEL_COUNTS): KnobResult[] {
    const price = (tier: TierDefaults, edit?: (rs: RecordedResource[]) => RecordedResource[]) => {
        const model = tierModel(name, tier, counts);
        return estimate(edit ? edit(model) : model, { stack: name, prices, source: "tier model", region: prices.region, now });
    };
    return KNOBS.map((k) => {
        const c = k.compare(t, price);
        return { id: k.id, title: k.title, saving: round2(c.without - c.with), applied: c.applied, how: c.how, reliability: k.reliability };
    });
}
