import * as assert from "node:assert";
import { EC2_NODE_CLASS, NODE_POOL, capacityRules } from "../policy/rules/capacity";
import { runRules } from "../policy/run";
import type { PolicyResource, Tier } from "../policy/types";
import { res } from "../offline/engine/policy";

function messages(name: string, resources: PolicyResource[], tier: Tier = "prod"): string[] {
    const rule = capacityRules.find((r) => r.name === name)!;
    const [result] = runRules(resources, { rules: [rule], tier });
    return result.violations.map((v) => `${v.urn?.split("::")[1]}: ${v.message}`);
}

const goodClass = {
    amiSelectorTerms: [{ alias: "al2023@v20260714" }],
    associatePublicIPAddress: false,
    metadataOptions: { httpTokens: "required", httpPutResponseHopLimit: 1 },
    blockDeviceMappings: [{ deviceName: "/dev/xvda", ebs: { encrypted: true, volumeType: "gp3" } }],
};
const goodPool = {
    limits: { cpu: "16", memory: "64Gi" },
    disruption: { budgets: [{ nodes: "1", schedule: "0 8 * * 1-5", duration: "10h" }, { nodes: "10%" }] },
};

describe("policy: capacity (Karpenter)", () => {
    it("E6 e6-karpenter-node-class-hardened: passes the hardened class, names each gap of a loose one", () => {
        assert.deepStrictEqual(messages("e6-karpenter-node-class-hardened", [res(EC2_NODE_CLASS, "ok", { spec: goodClass })]), []);
        assert.deepStrictEqual(
            messages("e6-karpenter-node-class-hardened", [
                res(EC2_NODE_CLASS, "loose", {
                    spec: {
                        amiSelectorTerms: [{ alias: "al2023@latest" }],
                        metadataOptions: { httpTokens: "optional", httpPutResponseHopLimit: 2 },
                        blockDeviceMappings: [{ deviceName: "/dev/xvda", ebs: { volumeType: "gp3" } }],
                    },
                }),
            ]),
            [
                'loose: metadataOptions.httpTokens is "optional"; set "required" (IMDSv2 only)',
                "loose: metadataOptions.httpPutResponseHopLimit is 2; set 1 so pods cannot reach the node role",
                "loose: volume /dev/xvda is not encrypted; set ebs.encrypted: true",
                "loose: associatePublicIPAddress is not false; set it to false (nodes live in private subnets)",
                "loose: amiSelectorTerms alias al2023@latest is not pinned; use a version such as al2023@v20260714",
            ],
        );
    });

    it("E5 e5-karpenter-node-pool-limits: limits required; outside dev a one-node budget", () => {
        assert.deepStrictEqual(messages("e5-karpenter-node-pool-limits", [res(NODE_POOL, "ok", { spec: goodPool })]), []);
        assert.deepStrictEqual(
            messages(
                "e5-karpenter-node-pool-limits",
                [res(NODE_POOL, "open", { spec: { disruption: { budgets: [{ nodes: "10%" }] } } })],
                "dev",
            ),
            [
                "open: sets no limits.cpu; without it the NodePool can launch without bound. Set platform:karpenter.cpuLimit.",
                "open: sets no limits.memory; without it the NodePool can launch without bound. Set platform:karpenter.memoryLimitGi.",
            ],
        );
        assert.deepStrictEqual(
            messages(
                "e5-karpenter-node-pool-limits",
                [res(NODE_POOL, "p", { spec: { ...goodPool, disruption: { budgets: [{ nodes: "10%" }] } } })],
                "staging",
            ),
            [
                "p: has no budget of at most one node; staging and prod must keep serving while nodes are replaced. Set platform:karpenter.businessHoursDisruptedNodes: 1.",
            ],
        );
    });

    it("D7 d7-sqs-queue-encrypted-tls-only: SSE and a deny-HTTP policy under the same parent", () => {
        const deny = JSON.stringify({
            Statement: [{ Effect: "Deny", Principal: "*", Action: "sqs:*", Condition: { Bool: { "aws:SecureTransport": "false" } } }],
        });
        const q = (name: string, props: Record<string, any>) => res("aws:sqs/queue:Queue", name, props, { parent: `p-${name}` });
        const policy = (name: string) =>
            res("aws:sqs/queuePolicy:QueuePolicy", `${name}-policy`, { policy: deny }, { parent: `p-${name}` });
        assert.deepStrictEqual(messages("d7-sqs-queue-encrypted-tls-only", [q("ok", { sqsManagedSseEnabled: true }), policy("ok")]), []);
        assert.deepStrictEqual(messages("d7-sqs-queue-encrypted-tls-only", [q("bare", {})]), [
            "bare: is not encrypted; set sqsManagedSseEnabled: true or kmsMasterKeyId.",
            "bare: has no queue policy denying aws:SecureTransport false; add one so nothing reads or sends over plain HTTP.",
        ]);
    });
});
