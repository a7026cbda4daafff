import { isConfigError } from "../../stacks/messages";
import type { PlatformConfig } from "../../stacks/types";
import { round2 } from "./estimate";
import type { PriceTable } from "./prices";
import { type CostTarget, type Priced, priceTarget, resolvedConfig, withLayer } from "./runs";

/**
 * The config settings that move a bill most. Each is one config change: the program runs with and without it, and the
 * saving is the difference of the two expected totals (the table plus Karpenter's nodes at the expected load). A knob
 * the config already uses (dev's spot nodes) shows what it saves today; a negative saving means it costs more.
 */
export interface KnobResult {
    id: string;
    title: string;
    /** The config key the knob sets, and the value with the knob turned on. */
    key: string;
    value: unknown;
    /** USD per month saved by turning the knob (negative: it costs more); null when the config rules refuse it. */
    saving: number | null;
    /** Why the config rules refuse the knob on this stack (the ConfigError's problems). */
    refused?: string;
    /** The config already uses it: `saving` is what it saves today (against `off`). */
    applied: boolean;
    reliability: string;
}

/** One knob: a layer's fields with the knob on and off, and when the resolved config already has it on. */
export interface Knob {
    id: string;
    title: string;
    /** `platform:<layer>`: the structured config object the knob sets fields of. */
    layer: string;
    on(c: PlatformConfig): Record<string, unknown>;
    /** What the knob undoes to when the config already has it on. */
    off(c: PlatformConfig): Record<string, unknown>;
    applied(c: PlatformConfig): boolean;
    reliability: string;
}

const groups = (c: PlatformConfig, change: Partial<PlatformConfig["cluster"]["nodeGroups"][number]>) => ({
    nodeGroups: c.cluster.nodeGroups.map((g) => ({ ...g, ...change })),
});

export const KNOBS: Knob[] = [
    {
        id: "vpn-office-hours",
        title: "Client VPN subnet association only in office hours",
        layer: "vpn",
        on: () => ({ alwaysOn: false }),
        off: () => ({ alwaysOn: true }),
        applied: (c) => !c.vpn.alwaysOn,
        reliability:
            "No VPN outside the window (platform:vpn.officeHours); associating takes ~10 minutes, at the start of the window and for an out-of-hours incident alike. " +
            "Outside the window, `pulumi stack output vpnAssociateNow` gives the command that associates now; the stop schedule releases it at the next scheduled end time, or `vpnReleaseNow` earlier. " +
            "`pulumi destroy` must run with `--run-program`, so that the delete hook releases the associations.",
    },
    {
        id: "container-insights-off",
        title: "Container Insights off",
        layer: "cluster",
        on: () => ({ containerInsights: false }),
        off: () => ({ containerInsights: true }),
        applied: (c) => !c.cluster.containerInsights,
        reliability:
            "The dashboard loses its EKS node and utilization widgets; Prometheus and Grafana still have the nodes' and pods' metrics, inside the cluster, so they are gone when the cluster is.",
    },
    {
        id: "single-nat",
        title: "One NAT gateway instead of one per AZ",
        layer: "network",
        on: () => ({ natGateways: "single" }),
        off: () => ({ natGateways: "perAz" }),
        applied: (c) => c.network.natGateways === "single",
        reliability:
            "The NAT's AZ going down cuts every private subnet's egress (image pulls, AWS APIs without an endpoint); cross-AZ traffic to it is billed per GB.",
    },
    {
        id: "spot",
        title: "SPOT capacity for the system node group(s)",
        layer: "cluster",
        on: (c) => groups(c, { capacityType: "SPOT" }),
        off: (c) => groups(c, { capacityType: "ON_DEMAND" }),
        applied: (c) => c.cluster.nodeGroups.every((g) => g.capacityType === "SPOT"),
        reliability:
            "Nodes can be reclaimed with 2 minutes' notice; two instance types in a group make an empty pool less likely. Karpenter and CoreDNS restart elsewhere.",
    },
    {
        id: "nodes-t3a.large",
        title: "t3a.large system nodes (AMD) instead of the group's types",
        layer: "cluster",
        on: (c) => groups(c, { instanceTypes: ["t3a.large"] }),
        off: (c) => groups(c, { instanceTypes: ["t3.large"] }),
        applied: (c) => c.cluster.nodeGroups.every((g) => g.instanceTypes[0] === "t3a.large"),
        reliability:
            "Same 2 vCPU / 8 GiB, burstable: a busy system pod spends CPU credits; one type per group makes an empty spot pool more likely.",
    },
    {
        id: "opensearch-single-node",
        title: "OpenSearch single node (no zone awareness)",
        layer: "search",
        on: () => ({ instanceCount: 1, zoneCount: 1 }),
        off: () => ({ instanceCount: 2, zoneCount: 2 }),
        applied: (c) => c.search.instanceCount === 1,
        reliability: "One node: an AZ or node failure makes search and trace storage unavailable until AWS replaces it; no replica shards.",
    },
    {
        id: "karpenter-sleep",
        title: "Karpenter's nodes asleep out of office hours",
        layer: "karpenter",
        on: () => ({ sleepOutOfHours: true }),
        off: () => ({ sleepOutOfHours: false }),
        applied: (c) => c.karpenter.sleepOutOfHours,
        reliability:
            "Workloads on Karpenter's nodes stop outside the window; whoever works late wakes the pool by hand (docs/capacity.md).",
    },
    {
        id: "karpenter-spot",
        title: "Spot first for Karpenter's nodes",
        layer: "karpenter",
        on: () => ({ capacityTypes: ["spot", "on-demand"] }),
        off: () => ({ capacityTypes: ["on-demand"] }),
        applied: (c) => c.karpenter.capacityTypes.includes("spot"),
        reliability:
            "Workload nodes reclaimed with 2 minutes' notice; Karpenter replaces them, falling back to on-demand when spot is short.",
    },
];

/**
 * Every knob's saving on the target: the base run plus one run per knob (the knob turned on, or off where the config
 * already has it on). Runs are cached per config within the process.
 */
export async function knobSavings(target: CostTarget, prices: PriceTable, now: Date, knobs: Knob[] = KNOBS): Promise<KnobResult[]> {
    const config = resolvedConfig(target);
    const base = await priceTarget(target, prices, now);
    const out: KnobResult[] = [];
    for (const k of knobs) {
        const applied = k.applied(config);
        const row = { id: k.id, title: k.title, key: `platform:${k.layer}`, value: k.on(config), applied, reliability: k.reliability };
        const variant = withLayer(target, k.layer, applied ? k.off(config) : k.on(config));
        try {
            // Checked before the run: a program that throws a ConfigError under mocks leaves rejections Pulumi never handles.
            resolvedConfig(variant);
        } catch (err) {
            if (!isConfigError(err)) throw err;
            out.push({ ...row, saving: null, refused: err.problems.join(" ") });
            continue;
        }
        const other: Priced = await priceTarget(variant, prices, now);
        const [without, withKnob] = applied ? [other, base] : [base, other];
        out.push({ ...row, saving: round2(without.expectedTotal - withKnob.expectedTotal) });
    }
    return out;
}
