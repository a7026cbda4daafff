import type { RecordedResource } from "../../offline/engine/registry";
import { type Priced, type Pricer, type PricingContext, hourly, num, usd } from "./context";

/** Pricers of EKS control planes, node groups, EC2 instances and EBS volumes. */

const LAUNCH_TEMPLATE = "aws:ec2/launchTemplate:LaunchTemplate";

interface Disk {
    gb: number;
    type: string;
}

/** Monthly price of volumes, or the reason one cannot be priced. */
function disksMonthly(disks: Disk[], ctx: PricingContext): { monthly: number; basis: string } | { reason: string } {
    let monthly = 0;
    const parts: string[] = [];
    for (const d of disks) {
        const rate = ctx.ebsRate(d.type);
        if (!rate) return { reason: `EBS volume type ${d.type} is not in the price table` };
        monthly += d.gb * rate.rate;
        parts.push(`${d.gb} GB ${d.type} x ${usd(rate.rate)}`);
    }
    return { monthly, basis: parts.join(" + ") };
}

/** Is `version` past EKS standard support on `now`? Versions newer than the table are assumed to be in standard support. */
export function eksSupport(version: string | undefined, ctx: PricingContext): { extended: boolean; note: string } {
    if (!version) return { extended: false, note: "version unset: EKS picks the latest (standard support)" };
    const table = ctx.prices.eksStandardSupportEnd;
    const entry = table[version];
    if (entry) {
        const extended = ctx.now.getTime() > Date.parse(`${entry.date}T23:59:59Z`);
        return { extended, note: `${version} standard support ${extended ? "ended" : "ends"} ${entry.date}` };
    }
    const minor = (v: string) => Number(v.split(".")[1]);
    const known = Object.keys(table).map(minor);
    if (known.length > 0 && minor(version) > Math.max(...known))
        return { extended: false, note: `${version} is newer than the support table` };
    return { extended: true, note: `${version} is older than every version in the support table` };
}

/** The control plane: $0.10/h, or the extended-support price once the version is past standard support. */
function controlPlane(inputs: Record<string, any>, ctx: PricingContext): { monthly: number; basis: string } {
    const { extended, note } = eksSupport(inputs.version, ctx);
    // With upgradePolicy STANDARD, EKS upgrades the cluster instead of billing extended support.
    const optedOut = inputs.upgradePolicy?.supportType === "STANDARD";
    const key = extended && !optedOut ? "eks.extendedSupport" : "eks.controlPlane";
    const p = ctx.rate(key);
    const label = key === "eks.extendedSupport" ? "control plane, EXTENDED support" : "control plane";
    return {
        monthly: p * ctx.hours,
        basis: `${label} ${hourly(p, ctx.hours)} (${note}${extended && optedOut ? "; upgradePolicy STANDARD: auto-upgraded" : ""})`,
    };
}

export const awsEksCluster: Pricer = (r, ctx) => ({ kind: "priced", ...controlPlane(r.inputs, ctx) });

/** Hourly price of nodes after the spot discount. */
function nodeHourly(type: string, spot: boolean, ctx: PricingContext): { price: number; label: string } | undefined {
    const od = ctx.instance("ec2", type);
    if (od === undefined) return undefined;
    const discount = spot ? ctx.assumption("spotDiscount") : 0;
    return { price: od * (1 - discount), label: `${type} ${usd(od)}/h${spot ? ` SPOT -${Math.round(discount * 100)}%` : ""}` };
}

function nodesPriced(count: number, type: string, spot: boolean, disks: Disk[], ctx: PricingContext, extra = ""): Priced {
    const node = nodeHourly(type, spot, ctx);
    if (!node) return { kind: "notPriced", reason: `instance type ${type} is not in the price table (instances.ec2)` };
    const storage = disksMonthly(disks, ctx);
    if ("reason" in storage) return { kind: "notPriced", reason: storage.reason };
    return {
        kind: "priced",
        monthly: count * (node.price * ctx.hours + storage.monthly),
        basis: `${count} x ${node.label} x ${ctx.hours} h + ${count} x (${storage.basis})${extra}`,
    };
}

/**
 * @pulumi/eks Cluster (a remote component: its children never appear under mocks): the control plane, plus the
 * default self-managed node group unless skipDefaultNodeGroup (2 x t3.medium, 20 GB gp2 root by default).
 */
export const eksComponentCluster: Pricer = (r, ctx) => {
    const plane = controlPlane(r.inputs, ctx);
    const i = r.inputs;
    const computeElsewhere = i.autoMode?.enabled === true ? "Auto Mode" : i.fargate ? "Fargate" : undefined;
    if (i.skipDefaultNodeGroup === true || computeElsewhere) {
        return {
            kind: "priced",
            ...plane,
            partial: computeElsewhere && `${computeElsewhere} compute (billed per instance or pod, not declared)`,
        };
    }
    const o = i.nodeGroupOptions ?? {};
    const type = o.instanceType ?? i.instanceType ?? "t3.medium";
    const count = num(o.desiredCapacity ?? i.desiredCapacity, 2);
    const disk = {
        gb: num(o.nodeRootVolumeSize ?? i.nodeRootVolumeSize, ctx.assumption("defaultRootVolumeGb")),
        type: o.nodeRootVolumeType ?? i.nodeRootVolumeType ?? "gp2",
    };
    const nodes = nodesPriced(count, type, (o.spotPrice ?? i.spotPrice) !== undefined, [disk], ctx);
    if (nodes.kind !== "priced") return nodes;
    return { kind: "priced", monthly: plane.monthly + nodes.monthly, basis: `${plane.basis} + default node group: ${nodes.basis}` };
};

/** The launch template a node group names, by id (mock ids are unique) or by name. */
function launchTemplateOf(ref: any, ctx: PricingContext): RecordedResource | undefined {
    if (!ref) return undefined;
    const byId = ctx.resourceById(ref.id);
    if (byId?.type === LAUNCH_TEMPLATE) return byId;
    return ctx.resources.find(
        (x) => x.type === LAUNCH_TEMPLATE && ref.name !== undefined && (x.inputs.name === ref.name || x.name === ref.name),
    );
}

/**
 * aws.eks.NodeGroup and @pulumi/eks ManagedNodeGroup (same argument names): desired size x price of the first
 * instance type (spot discount when SPOT), plus each node's volumes from the launch template or diskSize.
 */
export const managedNodeGroup: Pricer = (r, ctx) => {
    const sc = r.inputs.scalingConfig ?? {};
    const desired = num(sc.desiredSize, NaN);
    if (!Number.isFinite(desired)) return { kind: "notPriced", reason: "scalingConfig.desiredSize is not set" };
    const defaultGb = ctx.assumption("defaultRootVolumeGb");
    const ref = r.inputs.launchTemplate;
    const lt = launchTemplateOf(ref, ctx);
    let disks: Disk[];
    let diskNote = "";
    if (lt) {
        disks = ((lt.inputs.blockDeviceMappings ?? []) as any[])
            .filter((m) => m.ebs)
            .map((m) => ({ gb: num(m.ebs.volumeSize, defaultGb), type: m.ebs.volumeType ?? "gp3" }));
        if (disks.length === 0) {
            disks = [{ gb: defaultGb, type: "gp3" }];
            diskNote = "; launch template sets no volume: AMI default root assumed";
        }
    } else {
        disks = [{ gb: num(r.inputs.diskSize, defaultGb), type: "gp3" }];
        if (ref) diskNote = "; launch template not found in the program: default root assumed";
    }
    const types: string[] = r.inputs.instanceTypes?.length
        ? r.inputs.instanceTypes
        : lt?.inputs.instanceType
          ? [lt.inputs.instanceType]
          : ["t3.medium"];
    const range = `; desired ${desired} (min ${sc.minSize ?? "?"}, max ${sc.maxSize ?? "?"})`;
    const first = types.length > 1 ? `; priced at ${types[0]}, first of ${types.join(", ")}` : "";
    return nodesPriced(desired, types[0], r.inputs.capacityType === "SPOT", disks, ctx, `${range}${first}${diskNote}`);
};

/** @pulumi/eks self-managed NodeGroup / NodeGroupV2 (an auto scaling group). */
export const selfManagedNodeGroup: Pricer = (r, ctx) => {
    const i = r.inputs;
    const disk = { gb: num(i.nodeRootVolumeSize, ctx.assumption("defaultRootVolumeGb")), type: i.nodeRootVolumeType ?? "gp2" };
    return nodesPriced(num(i.desiredCapacity, 2), i.instanceType ?? "t3.medium", i.spotPrice !== undefined, [disk], ctx);
};

/** An EC2 instance (e.g. a NAT instance): compute, volumes and a public IPv4 when it asks for one. */
export const ec2Instance: Pricer = (r, ctx) => {
    const i = r.inputs;
    const root = i.rootBlockDevice ?? {};
    // 8 GB is the root size of the Amazon Linux AMIs a NAT instance usually runs.
    const disks: Disk[] = [{ gb: num(root.volumeSize, 8), type: root.volumeType ?? "gp3" }];
    for (const d of (i.ebsBlockDevices ?? []) as any[]) disks.push({ gb: num(d.volumeSize, 8), type: d.volumeType ?? "gp3" });
    const spot = i.instanceMarketOptions?.marketType === "spot";
    const nodes = nodesPriced(1, i.instanceType, spot, disks, ctx);
    if (nodes.kind !== "priced" || i.associatePublicIpAddress !== true) return nodes;
    const ip = ctx.rate("vpc.publicIpv4");
    return { kind: "priced", monthly: nodes.monthly + ip * ctx.hours, basis: `${nodes.basis} + public IPv4 ${hourly(ip, ctx.hours)}` };
};

export const ebsVolume: Pricer = (r, ctx) => {
    const storage = disksMonthly([{ gb: num(r.inputs.size, 0), type: r.inputs.type ?? "gp3" }], ctx);
    if ("reason" in storage) return { kind: "notPriced", reason: storage.reason };
    return { kind: "priced", monthly: storage.monthly, basis: `${storage.basis}; IOPS/throughput above baseline excluded` };
};
