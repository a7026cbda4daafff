/**
 * EC2 instance types a node group may use, with their architecture and the pods each can run.
 *
 * Max pods per type: awslabs/amazon-eks-ami templates/shared/runtime/eni-max-pods.txt (commit 0254c5b4, read
 * 2026-12-01): ENIs x (IPv4 addresses per ENI - 1) + 2, what the VPC CNI lets the kubelet run without prefix
 * delegation. Only the general-purpose, compute and memory families a platform node group plausibly uses are listed; a
 * type outside the list is refused (it may not exist: `t3.larg`), and adding one is a line here.
 * Architecture: Graviton families carry a `g` right after the generation digit (m6g, c7gn, t4g): arm64; the rest x86_64.
 */

/** Max pods by size, as the file lists them for the 6th- and 7th-generation families (medium exists only on some). */
const STANDARD: Record<string, number> = {
    medium: 8,
    large: 29,
    xlarge: 58,
    "2xlarge": 58,
    "4xlarge": 234,
    "8xlarge": 234,
    "12xlarge": 234,
    "16xlarge": 737,
    "24xlarge": 737,
    "32xlarge": 737,
    "48xlarge": 737,
};
const sizes = (from: string, to: string) => {
    const all = Object.keys(STANDARD);
    return all.slice(all.indexOf(from), all.indexOf(to) + 1);
};
const FAMILIES: Record<string, string[]> = {
    m5: sizes("large", "24xlarge"),
    m5a: sizes("large", "24xlarge"),
    m6i: sizes("large", "32xlarge"),
    m6a: sizes("large", "48xlarge"),
    m7i: sizes("large", "48xlarge"),
    m7a: sizes("medium", "48xlarge"),
    m6g: sizes("medium", "16xlarge"),
    m7g: sizes("medium", "16xlarge"),
    c5: ["large", "xlarge", "2xlarge", "4xlarge"],
    c6i: sizes("large", "32xlarge"),
    c7i: sizes("large", "48xlarge"),
    c6g: sizes("medium", "16xlarge"),
    c7g: sizes("medium", "16xlarge"),
    r5: sizes("large", "24xlarge"),
    r6i: sizes("large", "32xlarge"),
    r7i: sizes("large", "48xlarge"),
    r6g: sizes("medium", "16xlarge"),
    r7g: sizes("medium", "16xlarge"),
};
/** Burstable types differ per size and family (t3a.small 8, t3.small 11). */
const BURSTABLE: Record<string, number> = {
    "t3.medium": 17,
    "t3.large": 35,
    "t3.xlarge": 58,
    "t3.2xlarge": 58,
    "t3a.medium": 17,
    "t3a.large": 35,
    "t3a.xlarge": 58,
    "t3a.2xlarge": 58,
    "t4g.medium": 17,
    "t4g.large": 35,
    "t4g.xlarge": 58,
    "t4g.2xlarge": 58,
};

/** Max pods per listed instance type. */
export const MAX_PODS: Readonly<Record<string, number>> = {
    ...BURSTABLE,
    ...Object.fromEntries(Object.entries(FAMILIES).flatMap(([family, list]) => list.map((size) => [`${family}.${size}`, STANDARD[size]]))),
};

export type Architecture = "x86_64" | "arm64";

export function architectureOf(instanceType: string): Architecture {
    return /^[a-z]+\d+g/.test(instanceType) ? "arm64" : "x86_64";
}

/** The x86_64 type of the same size for a Graviton one (m6g.large -> m6i.large, t4g.large -> t3.large). */
export function x86Equivalent(instanceType: string): string {
    const [family, size] = instanceType.split(".");
    if (family === "t4g") return `t3.${size}`;
    const m = /^([a-z]+)(\d+)g[a-z]*$/.exec(family);
    const candidate = m ? `${m[1]}${Number(m[2]) >= 6 ? m[2] : 6}i.${size}` : instanceType;
    return MAX_PODS[candidate] !== undefined ? candidate : "m6i.large";
}

/**
 * Pods the node groups themselves must hold. They are the system group: tainted CriticalAddonsOnly, so the platform's
 * workloads run on Karpenter's nodes and only the controllers that keep the cluster and Karpenter alive run here:
 * 2 Karpenter, 2 CoreDNS, 2 EBS CSI controllers, the CloudWatch agent operator, plus 3 of headroom (counted from
 * `npm run synth` on 2026-12-01).
 */
export const SYSTEM_PODS = 10;
/** DaemonSet pods on every node: aws-node, kube-proxy, EBS CSI node, Pod Identity agent, Fluent Bit, node-exporter, and two of headroom. */
export const DAEMONSET_PODS_PER_NODE = 8;
