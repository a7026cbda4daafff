import * as aws from "@pulumi/aws";
import type { PolicyResource, Rule, Violation } from "../types";
import { asArray, violation } from "../view";

// Tokens without a class here: Karpenter's custom resources (no SDK); the fields the rules read are typed below.
export const EC2_NODE_CLASS = "kubernetes:karpenter.k8s.aws/v1:EC2NodeClass";
export const NODE_POOL = "kubernetes:karpenter.sh/v1:NodePool";

interface BlockDevice {
    deviceName?: string;
    ebs?: { encrypted?: boolean };
}
/** The fields of an EC2NodeClass the rule reads (karpenter.k8s.aws/v1). */
interface NodeClassProps {
    spec?: {
        metadataOptions?: { httpTokens?: string; httpPutResponseHopLimit?: number };
        blockDeviceMappings?: BlockDevice[];
        associatePublicIPAddress?: boolean;
        amiSelectorTerms?: { alias?: string }[];
    };
}
/** The fields of a NodePool the rule reads (karpenter.sh/v1). */
interface NodePoolProps {
    spec?: { limits?: Record<string, unknown>; disruption?: { budgets?: { nodes?: string | number }[] } };
}
interface PolicyDocument {
    Statement?: { Effect?: string; Condition?: { Bool?: Record<string, unknown> } }[];
}

/** E6 and N2 for Karpenter's nodes: IMDSv2 only with hop limit 1, encrypted root volumes, no public IP, a pinned AMI. */
function nodeClassProblems(r: PolicyResource<NodeClassProps>): string[] {
    const spec = r.props.spec ?? {};
    const out: string[] = [];
    const md = spec.metadataOptions ?? {};
    if (md.httpTokens !== "required")
        out.push(`metadataOptions.httpTokens is ${JSON.stringify(md.httpTokens)}; set "required" (IMDSv2 only)`);
    if (md.httpPutResponseHopLimit !== 1)
        out.push(
            `metadataOptions.httpPutResponseHopLimit is ${JSON.stringify(md.httpPutResponseHopLimit)}; set 1 so pods cannot reach the node role`,
        );
    const devices = asArray<BlockDevice>(spec.blockDeviceMappings);
    if (devices.length === 0) out.push("sets no blockDeviceMappings; declare the root volume with ebs.encrypted: true");
    for (const d of devices)
        if (d?.ebs?.encrypted !== true) out.push(`volume ${d?.deviceName ?? "?"} is not encrypted; set ebs.encrypted: true`);
    if (spec.associatePublicIPAddress !== false)
        out.push("associatePublicIPAddress is not false; set it to false (nodes live in private subnets)");
    for (const term of asArray<{ alias?: string }>(spec.amiSelectorTerms)) {
        if (typeof term?.alias === "string" && !/@v\d{8}$/.test(term.alias))
            out.push(`amiSelectorTerms alias ${term.alias} is not pinned; use a version such as al2023@v20260714`);
    }
    return out;
}

export const capacityRules: Rule[] = [
    {
        id: "E6",
        name: "e6-karpenter-node-class-hardened",
        enforcement: "mandatory",
        description:
            "Karpenter's EC2NodeClass: IMDSv2 required with hop limit 1, encrypted root volumes, no public IPs, a pinned AMI alias.",
        check: (stack) =>
            (stack.ofType(EC2_NODE_CLASS) as PolicyResource<NodeClassProps>[]).flatMap((r) =>
                nodeClassProblems(r).map((p) => violation("E6", r, p)),
            ),
    },
    {
        id: "E5",
        name: "e5-karpenter-node-pool-limits",
        enforcement: "mandatory",
        description:
            "Every Karpenter NodePool sets CPU and memory limits (the cost ceiling); outside dev, a budget bounds how many nodes are disrupted at once.",
        check: (stack) =>
            (stack.ofType(NODE_POOL) as PolicyResource<NodePoolProps>[]).flatMap((r) => {
                const spec = r.props.spec ?? {};
                const out: Violation[] = [];
                for (const k of ["cpu", "memory"]) {
                    if (spec.limits?.[k] === undefined)
                        out.push(
                            violation(
                                "E5",
                                r,
                                `sets no limits.${k}; without it the NodePool can launch without bound. Set platform:karpenter.${k === "cpu" ? "cpuLimit" : "memoryLimitGi"}.`,
                            ),
                        );
                }
                const budgets = asArray<{ nodes?: string | number }>(spec.disruption?.budgets);
                if (stack.tier !== "dev" && !budgets.some((b) => /^\d+$/.test(String(b?.nodes)) && Number(b.nodes) <= 1)) {
                    out.push(
                        violation(
                            "E5",
                            r,
                            "has no budget of at most one node; staging and prod must keep serving while nodes are replaced. Set platform:karpenter.businessHoursDisruptedNodes: 1.",
                        ),
                    );
                }
                return out;
            }),
    },
    {
        id: "D7",
        name: "d7-sqs-queue-encrypted-tls-only",
        enforcement: "mandatory",
        description: "Every SQS queue is encrypted at rest (SQS-managed SSE or KMS) and its policy denies requests without TLS.",
        check: (stack) =>
            stack.ofClass(aws.sqs.Queue).flatMap((q) => {
                const out: Violation[] = [];
                if (q.props.sqsManagedSseEnabled !== true && !q.props.kmsMasterKeyId)
                    out.push(violation("D7", q, "is not encrypted; set sqsManagedSseEnabled: true or kmsMasterKeyId."));
                const policies = stack.ofClass(aws.sqs.QueuePolicy).filter((p) => p.parent !== undefined && p.parent === q.parent);
                const denies = policies.some((p) => {
                    const doc: PolicyDocument | undefined =
                        typeof p.props.policy === "string" ? JSON.parse(p.props.policy) : (p.props.policy as PolicyDocument | undefined);
                    return asArray(doc?.Statement).some(
                        (s) => s.Effect === "Deny" && String(s.Condition?.Bool?.["aws:SecureTransport"]) === "false",
                    );
                });
                if (!denies)
                    out.push(
                        violation(
                            "D7",
                            q,
                            "has no queue policy denying aws:SecureTransport false; add one so nothing reads or sends over plain HTTP.",
                        ),
                    );
                return out;
            }),
    },
];
