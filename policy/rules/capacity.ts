import { PolicyResource, Rule, Violation } from "../types";
import { asArray, violation } from "../view";

export const EC2_NODE_CLASS = "kubernetes:karpenter.k8s.aws/v1:EC2NodeClass";
export const NODE_POOL = "kubernetes:karpenter.sh/v1:NodePool";
const QUEUE = "aws:sqs/queue:Queue";
const QUEUE_POLICY = "aws:sqs/queuePolicy:QueuePolicy";

/** E6 and N2 for Karpenter's nodes: IMDSv2 only with hop limit 1, encrypted root volumes, no public IP, a pinned AMI. */
function nodeClassProblems(r: PolicyResource): string[] {
    const spec = r.props.spec ?? {};
    const out: string[] = [];
    const md = spec.metadataOptions ?? {};
    if (md.httpTokens !== "required") out.push(`metadataOptions.httpTokens is ${JSON.stringify(md.httpTokens)}; set "required" (IMDSv2 only)`);
    if (md.httpPutResponseHopLimit !== 1) out.push(`metadataOptions.httpPutResponseHopLimit is ${JSON.stringify(md.httpPutResponseHopLimit)}; set 1 so pods cannot reach the node role`);
    const devices = asArray<any>(spec.blockDeviceMappings);
    if (devices.length === 0) out.push("sets no blockDeviceMappings; declare the root volume with ebs.encrypted: true");
    for (const d of devices) if (d?.ebs?.encrypted !== true) out.push(`volume ${d?.deviceName ?? "?"} is not encrypted; set ebs.encrypted: true`);
    if (spec.associatePublicIPAddress !== false) out.push("associatePublicIPAddress is not false; set it to false (nodes live in private subnets)");
    for (const term of asArray<any>(spec.amiSelectorTerms)) {
        if (typeof term?.alias === "string" && !/@v\d{8}$/.test(term.alias)) out.push(`amiSelectorTerms alias ${term.alias} is not pinned; use a version such as al2023@v20260714`);
    }
    return out;
}

export const capacityRules: Rule[] = [
    {
        id: "E6", name: "karpenter-node-class-hardened", enforcement: "mandatory",
        description: "Karpenter's EC2NodeClass: IMDSv2 required with hop limit 1, encrypted root volumes, no public IPs, a pinned AMI alias.",
        check: (stack) => stack.ofType(EC2_NODE_CLASS).flatMap((r) => nodeClassProblems(r).map((p) => violation("E6", r, p))),
    },
    {
        id: "E5", name: "karpenter-node-pool-limits", enforcement: "mandatory",
        description: "Every Karpenter NodePool sets CPU and memory limits (the cost ceiling); outside dev, a budget bounds how many nodes are disrupted at once.",
        check: (stack) => stack.ofType(NODE_POOL).flatMap((r) => {
            const spec = r.props.spec ?? {};
            const out: Violation[] = [];
            for (const k of ["cpu", "memory"]) {
                if (spec.limits?.[k] === undefined) out.push(violation("E5", r, `sets no limits.${k}; without it the NodePool can launch without bound. Set platform:karpenter.${k === "cpu" ? "cpuLimit" : "memoryLimitGi"}.`));
            }
            const budgets = asArray<any>(spec.disruption?.budgets);
            if (stack.tier !== "dev" && !budgets.some((b) => /^\d+$/.test(String(b?.nodes)) && Number(b.nodes) <= 1)) {
                out.push(violation("E5", r, "has no budget of at most one node; staging and prod must keep serving while nodes are replaced. Set platform:karpenter.businessHoursDisruptedNodes: 1."));
            }
            return out;
        }),
    },
    {
        id: "S3", name: "sqs-queue-encrypted-tls-only", enforcement: "mandatory",
        description: "Every SQS queue is encrypted at rest (SQS-managed SSE or KMS) and its policy denies requests without TLS.",
        check: (stack) => stack.ofType(QUEUE).flatMap((q) => {
            const out: Violation[] = [];
            if (q.props.sqsManagedSseEnabled !== true && !q.props.kmsMasterKeyId) out.push(violation("S3", q, "is not encrypted; set sqsManagedSseEnabled: true or kmsMasterKeyId."));
            const policies = stack.ofType(QUEUE_POLICY).filter((p) => p.parent !== undefined && p.parent === q.parent);
            const denies = policies.some((p) => {
                const doc = typeof p.props.policy === "string" ? JSON.parse(p.props.policy) : p.props.policy;
                return asArray<any>(doc?.Statement).some((s) => s.Effect === "Deny" && String(s.Condition?.Bool?.["aws:SecureTransport"]) === "false");
            });
            if (!denies) out.push(violation("S3", q, "has no queue policy denying aws:SecureTransport false; add one so nothing reads or sends over plain HTTP."));
            return out;
        }),
    },
];
