/**
 * Karpenter's nodes are not in Pulumi's state, so the resource-by-resource estimate cannot price them. This prices the
 * capacity three ways from what the program declares: baseline (the managed system group, already in the total),
 * expected (baseline + a stated typical load on Karpenter's nodes), ceiling (baseline + the NodePool's limits all in
 * use), and, where the NodePool sleeps out of hours, what the sleep saves on the expected load.
 */
import type { RecordedResource } from "../../offline/engine/registry";
import { weeklyHours } from "../../stacks/schedule";
import { type CostReport, round2 } from "./estimate";
import type { PriceTable } from "./prices";

/** Reference instance for a Karpenter vCPU: m6i.large (2 vCPU, 8 GiB), the general-purpose type the pools most often pick. */
export const REFERENCE_TYPE = "m6i.large";
export const REFERENCE_VCPU = 2;
/** Root volume of each Karpenter node (components/capacity/spec.ts ROOT_VOLUME_GI). */
export const NODE_ROOT_GB = 30;
/**
 * Typical load on Karpenter's nodes, in vCPUs of the reference type, per tier: the platform's own pods that left the
 * system group (Prometheus, Grafana, Fluent Bit, Jaeger, Flux, the ingress controller, Hydra) plus a light app load;
 * about what ran beside the system pods on the fixed node groups before Karpenter.
 */
export const EXPECTED_VCPU: Record<string, number> = { dev: 4, staging: 6, prod: 8 };

export interface CapacityCost {
    /** The managed (system) node groups, as priced in the report's total. */
    baseline: number;
    /** Baseline + the expected Karpenter load. */
    expected: number;
    /** Baseline + the NodePool's CPU limit fully used, on-demand (spot may be unavailable). */
    ceiling: number;
    /** Karpenter's expected nodes alone, and the report's total with them. */
    expectedKarpenter: number;
    expectedTotal: number;
    ceilingTotal: number;
    /** Monthly saving of the out-of-hours sleep on the expected load (0 when the pool does not sleep). */
    officeHoursSaving: number;
    assumptions: string[];
}

const money = (n: number) => `$${n.toFixed(2)}`;

export function capacityCost(
    report: CostReport,
    resources: RecordedResource[],
    prices: PriceTable,
    tier: string,
): CapacityCost | undefined {
    const pool = resources.find((r) => r.type === "kubernetes:karpenter.sh/v1:NodePool");
    if (!pool) return undefined;
    const spec = pool.inputs.spec;
    const hours = prices.hoursPerMonth;
    const baseline = round2(report.lines.filter((l) => l.type === "aws:eks/nodeGroup:NodeGroup").reduce((s, l) => s + (l.monthly ?? 0), 0));
    const spot = (spec.template.spec.requirements as any[]).find((r) => r.key === "karpenter.sh/capacity-type").values.includes("spot");
    const discount = prices.assumptions.spotDiscount.value;
    const perVcpuOnDemand = prices.instances.ec2[REFERENCE_TYPE].price / REFERENCE_VCPU;
    const perVcpu = spot ? perVcpuOnDemand * (1 - discount) : perVcpuOnDemand;
    const diskPerNodeHour = (NODE_ROOT_GB * prices.rates["ebs.gp3"].price) / hours;
    const sleep = resources.filter(
        (r) => r.type === "kubernetes:batch/v1:CronJob" && /karpenter-(sleep|wake)$/.test(r.inputs.metadata?.name ?? ""),
    );
    const window = sleep.length === 2 ? officeHoursOf(sleep) : undefined;
    const awake = window ? Math.round((weeklyHours(window) * 52) / 12) : hours;
    const cost = (vcpu: number, rate: number, h: number) => vcpu * rate * h + (vcpu / REFERENCE_VCPU) * diskPerNodeHour * h;
    const expectedVcpu = EXPECTED_VCPU[tier] ?? EXPECTED_VCPU.dev;
    const expectedKarpenter = round2(cost(expectedVcpu, perVcpu, awake));
    const ceilingKarpenter = round2(cost(Number(spec.limits.cpu), perVcpuOnDemand, awake));
    const officeHoursSaving = window ? round2(cost(expectedVcpu, perVcpu, hours) - expectedKarpenter) : 0;
    return {
        baseline,
        expected: round2(baseline + expectedKarpenter),
        ceiling: round2(baseline + ceilingKarpenter),
        expectedKarpenter,
        expectedTotal: round2(report.total + expectedKarpenter),
        ceilingTotal: round2(report.total + ceilingKarpenter),
        officeHoursSaving,
        assumptions: [
            `Karpenter's nodes priced per vCPU of ${REFERENCE_TYPE} ($${perVcpuOnDemand.toFixed(4)}/vCPU-h on-demand${spot ? `; expected load on spot, -${Math.round(discount * 100)}%` : ""}) plus a ${NODE_ROOT_GB} GB gp3 root per ${REFERENCE_VCPU} vCPUs.`,
            `Expected load: ${expectedVcpu} vCPUs (${tier} tier's typical use: the platform's own pods plus light app load). Ceiling: the NodePool's limit of ${spec.limits.cpu} vCPUs / ${spec.limits.memory}, all on-demand.`,
            window
                ? `NodePool asleep outside ${window.days} ${window.start}-${window.end} ${window.timezone}: Karpenter's nodes run about ${awake} of ${hours} h.`
                : `NodePool awake all ${hours} h.`,
        ],
    };
}

/** The office-hours window back from the sleep/wake CronJobs (schedule "m h * * days", timeZone). */
function officeHoursOf(jobs: RecordedResource[]) {
    const by = Object.fromEntries(jobs.map((j) => [j.inputs.metadata.name as string, j.inputs.spec]));
    const clock = (cron: string) => {
        const [m, h] = cron.split(" ").map(Number);
        return `${String(h).padStart(2, "0")}:${String(m).padStart(2, "0")}`;
    };
    const names = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];
    const days = (by["karpenter-wake"].schedule as string)
        .split(" ")[4]
        .split(",")
        .map((d) => names[Number(d)])
        .join(",");
    return {
        days,
        start: clock(by["karpenter-wake"].schedule),
        end: clock(by["karpenter-sleep"].schedule),
        timezone: by["karpenter-wake"].timeZone as string,
    };
}

export function formatCapacity(c: CapacityCost): string {
    return [
        "",
        "Capacity (Karpenter's nodes are launched at run time, outside the table above):",
        `  baseline  ${money(c.baseline).padStart(10)}  the system node group(s), included in TOTAL`,
        `  expected  ${money(c.expected).padStart(10)}  baseline + ${money(c.expectedKarpenter)} of Karpenter nodes at the expected load  -> stack ${money(c.expectedTotal)} per month`,
        `  ceiling   ${money(c.ceiling).padStart(10)}  baseline + the NodePool limits in use  -> stack ${money(c.ceilingTotal)} per month`,
        ...(c.officeHoursSaving > 0 ? [`  out-of-hours sleep saves ${money(c.officeHoursSaving)} per month on the expected load`] : []),
        ...c.assumptions.map((a) => `  - ${a}`),
    ].join("\n");
}
