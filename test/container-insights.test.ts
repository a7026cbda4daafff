import * as assert from "node:assert";
import { ADDON_VERSIONS, CLOUDWATCH_AGENT_POLICY_ARN } from "../components/cluster";
import { CONTAINER_INSIGHTS_METRICS, ENTITY_DIMENSIONS } from "../components/monitoring";
import { clusterWidgets } from "../components/monitoring/widgets";
import { loadPrices } from "../scripts/cost/prices";
import type { CostReport } from "../scripts/cost/estimate";
import { priceTarget, tierTarget, withLayer } from "../scripts/cost/runs";
import { TIER_DEFAULTS } from "../stacks/tiers";
import { NAME, runCluster } from "./cluster-fixtures";
import { stackRegistry } from "../offline/engine/program";
import type { Registry } from "../offline/engine/registry";

const ADDON = "aws:eks/addon:Addon";
const observability = (reg: Registry) => reg.ofType(ADDON).filter((a) => a.inputs.addonName === "amazon-cloudwatch-observability");

describe("cluster: amazon-cloudwatch-observability (Container Insights)", () => {
    let staging: Registry;
    let dev: Registry;
    let devOn: Registry;
    before(async () => {
        staging = await runCluster("staging");
        dev = await runCluster("dev");
        devOn = await runCluster("dev", { containerInsights: true });
    });

    it("is on by default in staging and prod, off in dev (its metrics would take dev over $350)", () => {
        assert.strictEqual(TIER_DEFAULTS.staging.cluster.containerInsights, true);
        assert.strictEqual(TIER_DEFAULTS.prod.cluster.containerInsights, true);
        assert.strictEqual(TIER_DEFAULTS.dev.cluster.containerInsights, false);
        assert.strictEqual(observability(dev).length, 0);
        assert.strictEqual(dev.ofType("aws:cloudwatch/logGroup:LogGroup").filter((g) => /containerinsights/.test(g.inputs.name)).length, 0);
    });

    for (const [label, reg, tier] of [
        ["staging", () => staging, "staging"],
        ["dev with containerInsights: true", () => devOn, "dev"],
    ] as const) {
        it(`${label}: installs the pinned add-on after every node group, with its own Pod Identity role`, () => {
            const [addon] = observability(reg());
            assert.ok(addon, "no amazon-cloudwatch-observability add-on");
            assert.strictEqual(addon.name, `${NAME}-cloudwatch-observability`);
            assert.strictEqual(addon.inputs.addonVersion, "v6.4.0-eksbuild.1");
            assert.strictEqual(ADDON_VERSIONS["1.35"].cloudwatchObservability, "v6.4.0-eksbuild.1");
            assert.strictEqual(addon.inputs.resolveConflictsOnUpdate, "OVERWRITE");
            const groups = reg().ofType("aws:eks/nodeGroup:NodeGroup");
            assert.ok(groups.length > 0);
            for (const g of groups) assert.ok(addon.dependsOn.includes(g.key), `does not wait for ${g.name}`);
            const role = reg().one("platform:cluster:PodIdentityRole", `${NAME}-cloudwatch`);
            assert.ok(addon.dependsOn.includes(role.key), "does not wait for its role");
            const association = reg().one("aws:eks/podIdentityAssociation:PodIdentityAssociation", `${NAME}-cloudwatch-association`);
            assert.strictEqual(association.inputs.namespace, "amazon-cloudwatch");
            assert.strictEqual(association.inputs.serviceAccount, "cloudwatch-agent");
            assert.strictEqual(association.parent, role.key);
            const attach = reg().one("aws:iam/rolePolicyAttachment:RolePolicyAttachment", `${NAME}-cloudwatch-attach-0`);
            assert.strictEqual(attach.inputs.policyArn, CLOUDWATCH_AGENT_POLICY_ARN);
            assert.strictEqual(CLOUDWATCH_AGENT_POLICY_ARN, "arn:aws:iam::aws:policy/CloudWatchAgentServerPolicy");
            const logs = reg().one("aws:cloudwatch/logGroup:LogGroup", `${NAME}-container-insights`);
            assert.strictEqual(logs.inputs.name, `/aws/containerinsights/platform-${tier}/performance`);
            assert.strictEqual(logs.inputs.retentionInDays, TIER_DEFAULTS[tier].cluster.logRetentionDays);
            assert.ok(addon.dependsOn.includes(logs.key), "the agent could create the log group first, without a retention");
        });
    }

    it("turns container-log shipping, enhanced observability and OTel Container Insights off (keys of chart 6.4.0)", () => {
        const config = JSON.parse(observability(staging)[0].inputs.configurationValues);
        assert.deepStrictEqual(config, {
            containerLogs: { enabled: false },
            otelContainerInsights: { enabled: false },
            agent: { config: { logs: { metrics_collected: { kubernetes: { enhanced_container_insights: false } } } } },
        });
    });
});

describe("monitoring: EKS widgets read metrics Container Insights publishes", () => {
    const lines = clusterWidgets({ name: "platform-staging" }).flatMap((w) => w.metrics);

    it("names only metrics of AWS's table, each with one of the dimension sets AWS lists for it", () => {
        assert.ok(lines.length >= 5);
        for (const line of lines) {
            const [namespace, metric, ...rest] = line;
            assert.strictEqual(namespace, "ContainerInsights");
            const entities = CONTAINER_INSIGHTS_METRICS[metric as string];
            assert.ok(entities, `${metric} is not a Container Insights metric`);
            const dims: string[] = [];
            for (let i = 0; i < rest.length && typeof rest[i] === "string"; i += 2) dims.push(rest[i] as string);
            assert.ok(
                entities.some((e) => [...ENTITY_DIMENSIONS[e]].sort().join() === [...dims].sort().join()),
                `${metric} is not published with dimensions [${dims.join(", ")}]`,
            );
        }
    });

    it("rejects a metric or dimension set AWS does not publish (the check above can fail)", () => {
        assert.strictEqual(CONTAINER_INSIGHTS_METRICS.node_disk_utilization, undefined);
        assert.ok(!CONTAINER_INSIGHTS_METRICS.pod_number_of_container_restarts.includes("cluster"), "restarts exist per pod only");
    });

    it("the program's dashboard has EKS widgets exactly where the add-on is installed (staging, not dev)", async () => {
        for (const [stack, on] of [
            ["dev", false],
            ["staging", true],
        ] as const) {
            const reg = await stackRegistry(stack);
            assert.strictEqual(observability(reg).length, on ? 1 : 0, stack);
            const body = reg.one("aws:cloudwatch/dashboard:Dashboard").inputs.dashboardBody;
            assert.strictEqual(String(body).includes("ContainerInsights"), on, stack);
        }
    });
});

describe("cost: Container Insights", () => {
    const prices = loadPrices();
    const now = new Date("2026-12-01T00:00:00Z");
    // The program run with the tier's minimal stack, Container Insights set either way (the same runs as the knobs).
    // A tier's own default (on in staging, off in dev) is its minimal stack unchanged: one run fewer.
    const report = async (tier: "dev" | "staging", on: boolean) => {
        const target =
            on === TIER_DEFAULTS[tier].cluster.containerInsights
                ? tierTarget(tier)
                : withLayer(tierTarget(tier), "cluster", { containerInsights: on });
        return (await priceTarget(target, prices, now)).report;
    };

    it("prices the add-on's custom metrics from AWS's table, the nodes and the assumed counts", async () => {
        // The program declares every EKS add-on; the other add-ons are free, this one is the priced one.
        const insights = (r: CostReport) => r.lines.filter((l) => l.type === ADDON && l.kind !== "free");
        const line = insights(await report("staging", true))[0];
        assert.strictEqual(insights(await report("staging", true)).length, 1);
        assert.ok(line, "the add-on is not in the report");
        // 24 cluster + 8 x 2 system nodes + 7 x 12 namespaces + 7 x 25 Services + 9 x 35 pod owners = 614 metrics x $0.30.
        assert.strictEqual(line.kind, "priced");
        assert.strictEqual(line.monthly, 184.2);
        assert.match(line.basis, /^Container Insights: 614 custom metrics \(24 cluster \+ 8 x 2 nodes/);
        // dev's one system node: 606 metrics.
        assert.deepStrictEqual(
            insights(await report("dev", true)).map((l) => l.monthly),
            [181.8],
        );
    });

    it("keeps dev at or under $350 with it off, and says what turning it on costs", async () => {
        const off = await report("dev", false);
        assert.ok(!off.lines.some((l) => l.type === ADDON && l.kind !== "free"));
        assert.ok(off.total <= 350, `dev ${off.total}`);
        assert.ok((await report("dev", true)).total > 350);
    });
});
