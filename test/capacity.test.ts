import * as assert from "node:assert";
import {
    AMI_ALIAS,
    INTERRUPTION_EVENTS,
    businessHoursWindow,
    disruptionBudgets,
    nodePoolOptions,
    sleepCommands,
} from "../components/capacity";
import { SYSTEM_TAINT } from "../components/cluster";
import { capacityCost } from "../scripts/cost/capacity";
import { estimate } from "../scripts/cost/estimate";
import { DEFAULT_PRICE_FILE, loadPrices } from "../scripts/cost/prices";
import { stackRegistry } from "../offline/engine/program";
import type { RecordedResource, Registry } from "../offline/engine/registry";
import { waitsFor } from "../offline/engine/dependencies";

const TYPES: Record<string, string> = {
    EC2NodeClass: "kubernetes:karpenter.k8s.aws/v1:EC2NodeClass",
    NodePool: "kubernetes:karpenter.sh/v1:NodePool",
};
const kindOf = (reg: Registry, kind: string) => reg.ofType(TYPES[kind]);

describe("capacity: Karpenter", () => {
    for (const stack of ["dev", "staging"]) {
        let reg: Registry;
        before(async () => {
            reg = await stackRegistry(stack);
        });

        it(`${stack}: EC2NodeClass is hardened: pinned AL2023 alias, IMDSv2 only with hop limit 1, encrypted gp3 root, no public IP, tag selectors`, () => {
            const [nodeClass] = kindOf(reg, "EC2NodeClass");
            const spec = nodeClass.inputs.spec;
            assert.deepStrictEqual(spec.amiSelectorTerms, [{ alias: AMI_ALIAS }]);
            assert.match(AMI_ALIAS, /^al2023@v\d{8}$/);
            assert.deepStrictEqual(spec.metadataOptions, {
                httpEndpoint: "enabled",
                httpProtocolIPv6: "disabled",
                httpPutResponseHopLimit: 1,
                httpTokens: "required",
            });
            assert.deepStrictEqual(spec.blockDeviceMappings, [
                { deviceName: "/dev/xvda", ebs: { volumeSize: "30Gi", volumeType: "gp3", encrypted: true, deleteOnTermination: true } },
            ]);
            assert.strictEqual(spec.associatePublicIPAddress, false);
            const selector = [{ tags: { "karpenter.sh/discovery": `platform-${stack}` } }];
            assert.deepStrictEqual([spec.subnetSelectorTerms, spec.securityGroupSelectorTerms], [selector, selector]);
            // The selectors find something: the private subnets (only) and the node security group carry the tag.
            const tagged = reg
                .ofType("aws:ec2/subnet:Subnet")
                .filter((s) => s.inputs.tags?.["karpenter.sh/discovery"] === `platform-${stack}`);
            assert.ok(tagged.length >= 2 && tagged.every((s) => s.name.includes("private")), tagged.map((s) => s.name).join(", "));
            const sgTag = reg.one("aws:ec2/tag:Tag", `${stack}-karpenter-sg-discovery`);
            assert.deepStrictEqual([sgTag.inputs.key, sgTag.inputs.value], ["karpenter.sh/discovery", `platform-${stack}`]);
            // Its role is the Karpenter node role, which joins through an EC2_LINUX access entry.
            const role = reg.one("aws:iam/role:Role", `${stack}-karpenter-node`);
            assert.strictEqual(spec.role, role.outputs.name);
            const entry = reg.one("aws:eks/accessEntry:AccessEntry", `${stack}-karpenter-node`);
            assert.deepStrictEqual([entry.inputs.type, entry.inputs.principalArn], ["EC2_LINUX", role.outputs.arn]);
        });

        it(`${stack}: interruption queue is SSE-encrypted, denies non-TLS, admits EventBridge, and gets upstream's five event patterns`, () => {
            const queue = reg.one("aws:sqs/queue:Queue");
            assert.deepStrictEqual(
                [queue.inputs.name, queue.inputs.sqsManagedSseEnabled, queue.inputs.messageRetentionSeconds],
                [`platform-${stack}`, true, 300],
            );
            const policy = JSON.parse(reg.one("aws:sqs/queuePolicy:QueuePolicy").inputs.policy);
            const deny = policy.Statement.find((s: any) => s.Effect === "Deny");
            assert.deepStrictEqual(
                [deny.Principal, deny.Action, deny.Condition],
                ["*", "sqs:*", { Bool: { "aws:SecureTransport": "false" } }],
            );
            const allow = policy.Statement.find((s: any) => s.Effect === "Allow");
            assert.deepStrictEqual(
                [allow.Principal.Service, allow.Action],
                [["events.amazonaws.com", "sqs.amazonaws.com"], "sqs:SendMessage"],
            );
            const patterns = reg
                .ofType("aws:cloudwatch/eventRule:EventRule")
                .filter((r) => r.name.includes("karpenter"))
                .map((r) => JSON.parse(r.inputs.eventPattern));
            assert.deepStrictEqual(patterns.map((p) => p["detail-type"][0]).sort(), [
                "AWS Health Event",
                "EC2 Capacity Reservation Instance Interruption Warning",
                "EC2 Instance Rebalance Recommendation",
                "EC2 Instance State-change Notification",
                "EC2 Spot Instance Interruption Warning",
            ]);
            const targets = reg.ofType("aws:cloudwatch/eventTarget:EventTarget").filter((t) => t.name.includes("karpenter"));
            assert.strictEqual(targets.length, Object.keys(INTERRUPTION_EVENTS).length);
            assert.ok(targets.every((t) => t.inputs.arn === queue.outputs.arn));
            // The controller is told the queue's name.
            const release = reg.ofType("kubernetes:helm.sh/v3:Release").find((r) => r.inputs.name === "karpenter")!;
            assert.strictEqual(release.inputs.values.settings.interruptionQueue, queue.outputs.name);
        });

        it(`${stack}: the controller's Pod Identity role may pass only the Karpenter node role and read only its queue; writes need the cluster tag`, () => {
            const policy = JSON.parse(reg.one("aws:iam/rolePolicy:RolePolicy", `${stack}-karpenter-controller-policy-0`).inputs.policy);
            const sid = (id: string) => policy.Statement.find((s: any) => s.Sid === id);
            assert.strictEqual(
                sid("AllowPassingInstanceRole").Resource,
                reg.one("aws:iam/role:Role", `${stack}-karpenter-node`).outputs.arn,
            );
            assert.strictEqual(sid("AllowInterruptionQueueActions").Resource, reg.one("aws:sqs/queue:Queue").outputs.arn);
            assert.deepStrictEqual(sid("AllowScopedDeletion").Condition.StringEquals, {
                [`aws:ResourceTag/kubernetes.io/cluster/platform-${stack}`]: "owned",
            });
            const association = reg
                .ofType("aws:eks/podIdentityAssociation:PodIdentityAssociation")
                .find((a) => a.inputs.serviceAccount === "karpenter")!;
            assert.strictEqual(association.inputs.namespace, "kube-system");
        });

        it(`${stack}: the karpenter release skips its crds/ (karpenter-crd installs and upgrades them) and runs on the system group`, () => {
            const releases = reg.ofType("kubernetes:helm.sh/v3:Release");
            const release = releases.find((r) => r.inputs.name === "karpenter")!;
            const crds = releases.find((r) => r.inputs.name === "karpenter-crd")!;
            assert.strictEqual(release.inputs.skipCrds, true);
            assert.ok(release.dependsOn.includes(crds.key));
            assert.deepStrictEqual(crds.inputs.chart, "./charts/karpenter-crd-1.14.1.tgz");
            for (const group of reg.ofType("aws:eks/nodeGroup:NodeGroup")) {
                assert.deepStrictEqual(group.inputs.taints, [SYSTEM_TAINT], group.name);
                assert.ok(waitsFor(reg, release).has(group.key), `${release.key} does not wait for ${group.key}`);
            }
        });

        it(`${stack}: destroy drains Karpenter's nodes first: every workload waits for the NodePool, which waits for the controller, which outlives the queue, roles, access entry and subnets`, () => {
            const [nodePool] = kindOf(reg, "NodePool");
            const [nodeClass] = kindOf(reg, "EC2NodeClass");
            const release = reg.ofType("kubernetes:helm.sh/v3:Release").find((r) => r.inputs.name === "karpenter")!;
            const poolWaits = waitsFor(reg, nodePool);
            assert.ok(poolWaits.has(release.key) && poolWaits.has(nodeClass.key));
            const releaseWaits = waitsFor(reg, release);
            const mustOutlive = [
                reg.one("aws:sqs/queue:Queue"),
                reg.one("aws:eks/accessEntry:AccessEntry", `${stack}-karpenter-node`),
                reg.ofType("aws:eks/podIdentityAssociation:PodIdentityAssociation").find((a) => a.inputs.serviceAccount === "karpenter")!,
                ...reg.ofType("aws:eks/nodeGroup:NodeGroup"),
            ];
            // Direct or through data: the queue's name is in the values, the role in the association.
            const implied = (r: RecordedResource) =>
                releaseWaits.has(r.key) ||
                [...releaseWaits].some(
                    (k) => reg.byKey(k) && !reg.byKey(k)!.custom && reg.descendantsOf(reg.byKey(k)!).some((d) => d.key === r.key),
                );
            assert.deepStrictEqual(
                mustOutlive.filter((r) => !implied(r)).map((r) => r.key),
                [],
            );
            const workloads = reg
                .ofType("kubernetes:helm.sh/v3:Release")
                .filter((r) => !["karpenter", "karpenter-crd"].includes(r.inputs.name));
            assert.ok(workloads.length >= 5);
            assert.deepStrictEqual(
                workloads.filter((w) => !waitsFor(reg, w).has(nodePool.key)).map((w) => w.key),
                [],
            );
        });
    }

    it("NodePool limits and capacity types per tier: dev spot+on-demand 16 vCPU/64Gi, staging on-demand 32/128Gi", async () => {
        const pools = await Promise.all(["dev", "staging"].map(async (s) => kindOf(await stackRegistry(s), "NodePool")[0].inputs.spec));
        assert.deepStrictEqual(
            pools.map((p) => p.limits),
            [
                { cpu: "16", memory: "64Gi" },
                { cpu: "32", memory: "128Gi" },
            ],
        );
        assert.deepStrictEqual(
            pools.map((p) => p.template.spec.requirements.find((r: any) => r.key === "karpenter.sh/capacity-type").values),
            [["spot", "on-demand"], ["on-demand"]],
        );
        assert.deepStrictEqual(
            pools.map((p) => p.disruption.budgets),
            [[{ nodes: "10%" }], [{ nodes: "1", schedule: "0 8 * * 1,2,3,4,5", duration: "10h" }, { nodes: "10%" }]],
        );
    });

    it("leaves the NodePool's limits to the sleep CronJobs while dev sleeps, so drift previews and night-time ups leave them alone", () => {
        assert.deepStrictEqual(nodePoolOptions({ sleepOutOfHours: true }), { ignoreChanges: ["spec.limits"] });
        assert.deepStrictEqual(nodePoolOptions({ sleepOutOfHours: false }), {});
    });

    it("business hours in UTC cover both offsets of a zone with daylight saving, and shift days across midnight", () => {
        assert.deepStrictEqual(businessHoursWindow({ days: "MON-FRI", start: "08:00", end: "18:00", timezone: "Europe/Berlin" }), {
            schedule: "0 6 * * 1,2,3,4,5",
            duration: "11h",
        });
        assert.deepStrictEqual(businessHoursWindow({ days: "MON-FRI", start: "08:00", end: "18:00", timezone: "Asia/Tokyo" }), {
            schedule: "0 23 * * 0,1,2,3,4",
            duration: "10h",
        });
        assert.deepStrictEqual(disruptionBudgets({ officeHours: { days: "MON", start: "09:30", end: "17:00", timezone: "UTC" } }), [
            { nodes: "10%" },
        ]);
    });

    it("dev sleeps out of hours: CronJobs in the office hours' zone set the limits to 0 and delete the nodes, then restore them", async () => {
        const reg = await stackRegistry("dev");
        const jobs = reg.ofType("kubernetes:batch/v1:CronJob").filter((j) => j.name.includes("karpenter-sleep"));
        const by = Object.fromEntries(jobs.map((j) => [j.inputs.metadata.name, j.inputs.spec]));
        assert.deepStrictEqual(
            [by["karpenter-sleep"].schedule, by["karpenter-wake"].schedule, by["karpenter-sleep"].timeZone],
            ["0 18 * * 1,2,3,4,5", "0 8 * * 1,2,3,4,5", "UTC"],
        );
        const pod = (name: string) => by[name].jobTemplate.spec.template.spec;
        const commands = sleepCommands({ cpu: "16", memory: "64Gi" });
        assert.deepStrictEqual(
            [...pod("karpenter-sleep").initContainers, ...pod("karpenter-sleep").containers].map((c: any) => c.command),
            commands.sleep,
        );
        assert.deepStrictEqual(
            pod("karpenter-wake").containers.map((c: any) => c.command),
            commands.wake,
        );
        assert.match(commands.sleep[0].join(" "), /"limits":\{"cpu":"0","memory":"0"\}/);
        assert.match(commands.wake[0].join(" "), /"limits":\{"cpu":"16","memory":"64Gi"\}/);
        assert.deepStrictEqual(pod("karpenter-wake").tolerations, [{ key: "CriticalAddonsOnly", operator: "Exists" }]);
        const staging = await stackRegistry("staging");
        assert.strictEqual(staging.ofType("kubernetes:batch/v1:CronJob").filter((j) => j.name.includes("karpenter-sleep")).length, 0);
    });
});

describe("capacity: cost report (scripts/cost/capacity.ts)", () => {
    it("prices baseline, expected and ceiling per stack; dev's expected total stays under $350 and its sleep saves money", async () => {
        const prices = loadPrices(DEFAULT_PRICE_FILE);
        const now = new Date("2026-12-01");
        const result: Record<string, any> = {};
        for (const stack of ["dev", "staging"]) {
            const reg = await stackRegistry(stack);
            const report = estimate(reg.resources, { stack, prices, now });
            result[stack] = capacityCost(report, reg.resources, prices, stack)!;
            const c = result[stack];
            assert.ok(c.baseline > 0 && c.baseline < c.expected && c.expected < c.ceiling, JSON.stringify(c));
            assert.strictEqual(c.expectedTotal, Math.round((report.total + c.expectedKarpenter) * 100) / 100);
        }
        assert.ok(result.dev.expectedTotal <= 340, `dev expected ${result.dev.expectedTotal}`);
        assert.ok(result.dev.officeHoursSaving > 30, `dev saving ${result.dev.officeHoursSaving}`);
        assert.strictEqual(result.staging.officeHoursSaving, 0);
        // The ceiling follows the NodePool limit: staging's 32 vCPU on-demand at m6i.large's $0.048/vCPU-h, 730 h, plus roots.
        assert.strictEqual(Math.round(result.staging.ceiling - result.staging.baseline), Math.round(32 * 0.048 * 730 + 16 * 30 * 0.08));
    });
});
